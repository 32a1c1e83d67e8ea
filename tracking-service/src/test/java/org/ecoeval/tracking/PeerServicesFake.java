package org.ecoeval.tracking;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * scoring-service and submission-service as far as the self-check report reads them, on one local HTTP port: each
 * test puts the answers for its own evaluation's paths (the real services' shapes), and sees which requests came.
 * Bodies are streams, so a test can serve hundreds of MB without holding them.
 */
public class PeerServicesFake implements QuarkusTestResourceLifecycleManager {

    public record Answer(int status, String contentType, Map<String, String> headers, InputStream body, long length) {
        public static Answer json(String body) {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            return new Answer(200, "application/json", Map.of(), new java.io.ByteArrayInputStream(b), b.length);
        }
    }

    public record Seen(String path, String query, String authorization) {
    }

    private static final Map<String, Function<HttpExchange, Answer>> ROUTES = new ConcurrentHashMap<>();
    public static final List<Seen> SEEN = new CopyOnWriteArrayList<>();
    private HttpServer server;

    public static void route(String path, Function<HttpExchange, Answer> answer) {
        ROUTES.put(path, answer);
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            SEEN.add(new Seen(path, exchange.getRequestURI().getQuery(),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            Function<HttpExchange, Answer> route = ROUTES.get(path);
            Answer a = route == null ? new Answer(404, "application/problem+json", Map.of(),
                    new java.io.ByteArrayInputStream("{\"status\":404}".getBytes()), 14) : route.apply(exchange);
            exchange.getResponseHeaders().add("Content-Type", a.contentType());
            a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(a.status(), a.length());
            try (InputStream in = a.body(); OutputStream out = exchange.getResponseBody()) {
                in.transferTo(out);
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("ecoeval.tracking.report.scoring-url", url, "ecoeval.tracking.report.submission-url", url);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
