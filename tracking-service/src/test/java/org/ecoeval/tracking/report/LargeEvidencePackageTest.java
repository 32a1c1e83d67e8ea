package org.ecoeval.tracking.report;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.ecoeval.tracking.PeerServicesFake;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * 200 MB of evidence goes from submission-service into the report store, into the signed package and out to the
 * client without ever being held whole: the old generation of the heap (where any array of that size would have to
 * live) grows by far less than the file while all three happen.
 */
@QuarkusTest
class LargeEvidencePackageTest {
    private static final long SIZE = 200L * 1024 * 1024;

    @TestHTTPResource("/")
    URL base;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "ecoeval.tracking.report.store-dir")
    Path store;

    /** The same pseudo-random bytes every time, made on the fly. */
    static InputStream bytes(long size) {
        return new InputStream() {
            private final SplittableRandom random = new SplittableRandom(12);
            private long left = size;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) random.nextInt(256);
                }
                left -= n;
                return n;
            }
        };
    }

    static String sha256(InputStream in) throws IOException {
        try (in) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0;) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long oldGeneration(boolean peak) {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getName().matches(".*(Old|Tenured).*")) {
                used += (peak ? pool.getPeakUsage() : pool.getUsage()).getUsed();
            }
        }
        return used;
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    @Test
    void two_hundred_megabytes_of_evidence_are_packaged_and_served_with_bounded_memory() throws Exception {
        WorkedExample w = new WorkedExample();
        String id = "b0b0b0b0-0000-4000-8000-" + w.county + "000009";
        String sha = sha256(bytes(SIZE));
        PeerServicesFake.route("/api/v1/evidence/" + id, x -> new PeerServicesFake.Answer(200, "application/pdf",
                Map.of("ETag", "\"" + sha + "\"", "Content-Disposition", "attachment; filename=\"scan.pdf\""),
                bytes(SIZE), SIZE));
        w.submission(w.id(7), "FIN", "FIN-OPEN", "SUBMITTED", java.time.Instant.now().minusSeconds(60), "[]", "[]",
                "[]", null, "[\"" + id + "\"]", null);
        String reports = "/api/v1/evaluations/" + w.evaluation + "/reports";
        Path download = Files.createTempFile("package-", ".zip");
        try {
            System.gc();
            resetPeaks();
            long before = oldGeneration(false);
            given().auth().oauth2(w.bureau).post(reports).then().statusCode(201);
            given().auth().oauth2(w.bureau).post(reports + "/1/submit").then().statusCode(200);
            given().auth().oauth2(w.leader).contentType(ContentType.JSON).body(Map.of("approve", true))
                    .post(reports + "/1/sign-off").then().statusCode(200);
            HttpResponse<Path> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(base.toString().replaceAll("/$", "") + reports + "/1/package"))
                    .header("Authorization", "Bearer " + w.leader).GET().build(), HttpResponse.BodyHandlers.ofFile(download));
            long grown = oldGeneration(true) - before;
            org.jboss.logging.Logger.getLogger(LargeEvidencePackageTest.class).infof(
                    "200 MB evidence copied, packaged and downloaded; old generation peak grew by %d MB", grown >> 20);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(Files.size(download)).isGreaterThan(SIZE);
            // the whole package, as its Content-Length says: a short or long body fails here, not at the hash below
            assertThat(Files.size(download)).as("downloaded bytes vs Content-Length")
                    .isEqualTo(r.headers().firstValueAsLong("Content-Length").orElse(-1));
            assertThat(grown).as("old generation grew by %d MB", grown >> 20).isLessThan(SIZE / 2);

            try (var stored = Files.list(store.resolve("packages"))) {
                Path kept = stored.filter(f -> f.getFileName().toString().startsWith(w.evaluation + "-v1-"))
                        .findFirst().orElseThrow();
                assertThat(r.headers().firstValue("ETag")).as("the ETag names the stored package's bytes")
                        .contains("\"" + sha256(Files.newInputStream(kept)) + "\"");
            }
            assertThat(r.headers().firstValue("ETag")).as("the download is the stored package")
                    .contains("\"" + sha256(Files.newInputStream(download)) + "\"");
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(download))) {
                List<String> names = new java.util.ArrayList<>();
                for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
                    names.add(e.getName());
                    if (e.getName().equals("evidence/FIN/FIN-OPEN/other/scan.pdf")) {
                        assertThat(sha256(new java.io.FilterInputStream(zip) {
                            @Override
                            public void close() {
                            }
                        })).isEqualTo(sha);
                    }
                }
                assertThat(names).contains("evidence/FIN/FIN-OPEN/other/scan.pdf", "manifest.json");
            }
        } finally {
            Files.deleteIfExists(download);
            // 400 MB of test files (the evidence copy and the package) need not stay in target/
            Files.deleteIfExists(store.resolve("evidence").resolve(id));
            try (var packages = Files.list(store.resolve("packages"))) {
                for (Path p : packages.filter(p -> p.getFileName().toString().startsWith(w.evaluation)).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
