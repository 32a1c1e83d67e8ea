package org.ecoeval.tracking;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver as a supervisor's system would run it: verifies {@code X-EcoEval-Signature} (HMAC-SHA256
 * of {@code timestamp + "." + body} under the shared secret) and keeps what it received. It can be told to
 * fail the first requests with 503.
 */
public final class WebhookReceiver implements AutoCloseable {

    public record Received(String body, String timestamp, String signature, boolean signatureValid) {
    }

    private final HttpServer server;
    private final String secret;
    private final AtomicInteger failuresLeft;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();

    public WebhookReceiver(String secret, int failFirst) throws IOException {
        this.secret = secret;
        this.failuresLeft = new AtomicInteger(failFirst);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (failuresLeft.getAndDecrement() > 0) {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
        }
        String timestamp = exchange.getRequestHeaders().getFirst("X-EcoEval-Timestamp");
        String signature = exchange.getRequestHeaders().getFirst("X-EcoEval-Signature");
        boolean valid = timestamp != null && signature != null && MessageDigest.isEqual(
                ("sha256=" + hmac(timestamp + "." + body)).getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8));
        received.add(new Received(body, timestamp, signature, valid));
        exchange.sendResponseHeaders(valid ? 204 : 401, -1);
        exchange.close();
    }

    private String hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
