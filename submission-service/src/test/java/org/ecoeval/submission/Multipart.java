package org.ecoeval.submission;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.ecoeval.infra.ApiContract;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Multipart uploads as a browser sends them (the file name as raw UTF-8 in the part header), streamed from
 * bytes or from a file, with {@link HttpClient} so the test controls every byte and never buffers a big file. The
 * answers are held to the service's OpenAPI document like REST-assured's ({@link ApiContract#checkAnswer}).
 */
public final class Multipart {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    public static URI uri(String path) {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        return URI.create("http://localhost:" + port + path);
    }

    public static HttpResponse<String> upload(String token, String evaluationId, String filename, byte[] content)
            throws IOException, InterruptedException {
        String boundary = "----ecoeval" + UUID.randomUUID();
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofByteArray(head(boundary, filename)),
                HttpRequest.BodyPublishers.ofByteArray(content),
                HttpRequest.BodyPublishers.ofByteArray(tail(boundary)));
        return send(token, evaluationId, boundary, body);
    }

    /** Streams {@code file} as the part's content with a plain HTTP client (the body is always sent). */
    public static HttpResponse<String> uploadStreamed(String token, String evaluationId, String filename, Path file)
            throws IOException, InterruptedException {
        String boundary = "----ecoeval" + UUID.randomUUID();
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofByteArray(head(boundary, filename)),
                HttpRequest.BodyPublishers.ofFile(file),
                HttpRequest.BodyPublishers.ofByteArray(tail(boundary)));
        return send(token, evaluationId, boundary, body);
    }

    /** A raw HTTP answer: status, headers (lower-case names), body. */
    public record RawResponse(int status, java.util.Map<String, String> headers, String body) {
    }

    /**
     * Uploads {@code file} over a plain socket, declaring its length and {@code Expect: 100-continue}: the body is
     * streamed from the file (never held) only if the service asks for it with {@code 100 Continue}.
     */
    public static RawResponse uploadFile(String token, String evaluationId, String filename, Path file)
            throws IOException {
        String boundary = "----ecoeval" + UUID.randomUUID();
        byte[] head = head(boundary, filename);
        byte[] tail = tail(boundary);
        long length = head.length + java.nio.file.Files.size(file) + tail.length;
        URI uri = uri("/api/v1/evaluations/" + evaluationId + "/evidence");
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(60_000);
            var out = new java.io.BufferedOutputStream(socket.getOutputStream());
            var in = new java.io.BufferedInputStream(socket.getInputStream());
            out.write(("POST " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: multipart/form-data; boundary=" + boundary
                    + "\r\nContent-Length: " + length + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            RawResponse first = readResponse(in);
            if (first.status() != 100) {
                return first;
            }
            out.write(head);
            try (var body = java.nio.file.Files.newInputStream(file)) {
                body.transferTo(out);
            }
            out.write(tail);
            out.flush();
            return readResponse(in);
        }
    }

    private static RawResponse readResponse(java.io.InputStream in) throws IOException {
        String statusLine = readLine(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        java.util.Map<String, String> headers = new java.util.HashMap<>();
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
        }
        if (status == 100) {
            return new RawResponse(100, headers, "");
        }
        byte[] body;
        if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int size;
            while ((size = Integer.parseInt(readLine(in).trim(), 16)) > 0) {
                bytes.write(in.readNBytes(size));
                readLine(in);
            }
            body = bytes.toByteArray();
        } else {
            body = in.readAllBytes();
        }
        return new RawResponse(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String readLine(java.io.InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> send(String token, String evaluationId, String boundary,
            HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri("/api/v1/evaluations/" + evaluationId + "/evidence"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofSeconds(60))
                .POST(body).build();
        HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        ApiContract.checkAnswer(answer);
        return answer;
    }

    public static HttpResponse<byte[]> download(String token, String evidenceId)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri("/api/v1/evidence/" + evidenceId))
                .header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<byte[]> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        ApiContract.checkAnswer(answer);
        return answer;
    }

    private static byte[] head(String boundary, String filename) {
        return ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] tail(String boundary) {
        return ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    // ---- sample files, made of their real signatures ----

    public static byte[] pdf(String text) {
        return ("%PDF-1.7\n%âãÏÓ\n1 0 obj << /Type /Catalog >> endobj\n% " + text + "\n%%EOF\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] png() {
        return new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0,
                0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0 };
    }

    public static byte[] jpeg() {
        return new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1,
                0, 0, 1, 0, 1, 0, 0, (byte) 0xFF, (byte) 0xD9 };
    }

    /** A windows executable: MZ header, DOS stub text, PE signature. */
    public static byte[] executable() {
        byte[] b = new byte[256];
        b[0] = 'M';
        b[1] = 'Z';
        b[0x3c] = (byte) 0x80;
        byte[] stub = "This program cannot be run in DOS mode.".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(stub, 0, b, 0x4e, stub.length);
        b[0x80] = 'P';
        b[0x81] = 'E';
        return b;
    }

    public static byte[] zip(String... entryNames) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String name : entryNames) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(("<x>" + name + "</x>").getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private Multipart() {
    }
}
