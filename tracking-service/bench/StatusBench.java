import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput of GET /api/v1/evaluations/{id}/status with and without If-None-Match (a plain harness, run by
 * status-bench.sh; not a test). Usage: java StatusBench.java BASE_URL PRIVATE_KEY_PEM PLAN_JSON SECONDS CLIENTS
 */
public class StatusBench {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        PrivateKey key = privateKey(Path.of(args[1]));
        String plan = Files.readString(Path.of(args[2]));
        int seconds = Integer.parseInt(args[3]);
        int clients = Integer.parseInt(args[4]);
        String evaluation = "150425-2024";
        String token = token(key);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/evaluations/" + evaluation + "/plan"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(plan)).build(), HttpResponse.BodyHandlers.ofString());
        System.out.println("PUT plan -> " + put.statusCode());
        if (put.statusCode() / 100 != 2) {
            System.out.println(put.body());
            System.exit(1);
        }
        URI status = URI.create(base + "/api/v1/evaluations/" + evaluation + "/status");
        HttpResponse<String> first = http.send(HttpRequest.newBuilder(status).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        String etag = first.headers().firstValue("ETag").orElseThrow();
        System.out.printf("GET status -> %d, %d bytes, ETag %s%n", first.statusCode(), first.body().length(), etag);

        run("warm-up", http, status, token, null, Math.max(3, seconds / 2), clients, 200);
        run("warm-up", http, status, token, etag, Math.max(3, seconds / 2), clients, 304);
        run("without If-None-Match", http, status, token, null, seconds, clients, 200);
        run("with If-None-Match   ", http, status, token, etag, seconds, clients, 304);
    }

    static void run(String name, HttpClient http, URI uri, String token, String etag, int seconds, int clients,
            int expected) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        AtomicLong ok = new AtomicLong();
        AtomicLong bad = new AtomicLong();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            new Thread(() -> {
                List<Long> mine = new ArrayList<>();
                try {
                    while (System.nanoTime() < end) {
                        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).GET();
                        if (etag != null) {
                            b.header("If-None-Match", etag);
                        }
                        long t0 = System.nanoTime();
                        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                        mine.add(System.nanoTime() - t0);
                        (r.statusCode() == expected ? ok : bad).incrementAndGet();
                    }
                } catch (Exception e) {
                    bad.incrementAndGet();
                } finally {
                    latencies.addAll(mine);
                    done.countDown();
                }
            }).start();
        }
        done.await();
        if (name.startsWith("warm-up")) {
            return;
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        double p50 = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2) / 1e6;
        double p99 = sorted.isEmpty() ? 0 : sorted.get((int) (sorted.size() * 0.99)) / 1e6;
        System.out.printf("%s: %8.1f req/s  (%d x %d, p50 %.2f ms, p99 %.2f ms, unexpected %d)%n", name,
                ok.get() / (double) seconds, ok.get(), expected, p50, p99, bad.get());
    }

    static PrivateKey privateKey(Path pem) throws Exception {
        String text = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(text)));
    }

    /** An RS256 JWT for a provincial admin, verified by the service against the matching public key. */
    static String token(PrivateKey key) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = System.currentTimeMillis() / 1000;
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"sub\":\"bench-admin\",\"preferred_username\":\"bench-admin\",\"aud\":\"ecoeval-api\","
                + "\"groups\":[\"admin\"],\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}").getBytes(StandardCharsets.UTF_8));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + b64.encodeToString(signer.sign());
    }
}
