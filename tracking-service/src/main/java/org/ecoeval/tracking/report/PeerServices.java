package org.ecoeval.tracking.report;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.ecoeval.platform.problem.Problem;
import org.ecoeval.platform.problem.ProblemException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads from scoring-service and submission-service with the caller's own access token, as the dashboard does: each
 * service applies its own rules to the caller. Anything but a 200 fails the report generation loudly (502): a report
 * is never made from part of the data.
 */
@ApplicationScoped
public class PeerServices {

    @ConfigProperty(name = "ecoeval.tracking.report.scoring-url", defaultValue = "http://127.0.0.1:8082")
    String scoringUrl;

    @ConfigProperty(name = "ecoeval.tracking.report.submission-url", defaultValue = "http://127.0.0.1:8081")
    String submissionUrl;

    @ConfigProperty(name = "ecoeval.tracking.report.peer-timeout", defaultValue = "PT30S")
    Duration timeout;

    @Inject
    ObjectMapper mapper;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public JsonNode scoring(String path, String token) {
        return json(scoringUrl, path, token);
    }

    public JsonNode submissions(String path, String token) {
        return json(submissionUrl, path, token);
    }

    /** An evidence file: its bytes as a stream (the caller closes it) and what the response says about it. */
    public record Download(InputStream body, String filename, String contentType, long sizeBytes, String sha256) {
    }

    public Download evidence(String evidenceId, String token) {
        HttpResponse<InputStream> r = send(submissionUrl, "/api/v1/evidence/" + evidenceId, token, "*/*",
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            try (InputStream ignored = r.body()) {
                throw unusable("submission-service", "evidence " + evidenceId, r.statusCode());
            } catch (IOException e) {
                throw unusable("submission-service", "evidence " + evidenceId, r.statusCode());
            }
        }
        String etag = r.headers().firstValue("ETag").orElse("").replace("\"", "");
        return new Download(r.body(), filename(r.headers().firstValue("Content-Disposition").orElse(null), evidenceId),
                r.headers().firstValue("Content-Type").orElse("application/octet-stream"),
                r.headers().firstValueAsLong("Content-Length").orElse(-1), etag.isEmpty() ? null : etag);
    }

    private JsonNode json(String base, String path, String token) {
        HttpResponse<String> r = send(base, path, token, "application/json",
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw unusable(base.equals(scoringUrl) ? "scoring-service" : "submission-service", path, r.statusCode());
        }
        try {
            return mapper.readTree(r.body());
        } catch (IOException e) {
            throw new ProblemException(Problem.of(502, "peer-unreadable", "Bad Gateway",
                    path + " answered a body that is not JSON; the report was not generated"));
        }
    }

    private <T> HttpResponse<T> send(String base, String path, String token, String accept,
            HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                    .header("Authorization", "Bearer " + token).header("Accept", accept).GET().build(), handler);
        } catch (IOException e) {
            throw new ProblemException(Problem.of(502, "peer-unavailable", "Bad Gateway",
                    base + " does not answer (" + e + "); the report was not generated"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(Problem.of(503, "interrupted", "Service Unavailable", "interrupted"));
        }
    }

    private static ProblemException unusable(String service, String what, int status) {
        return new ProblemException(Problem.of(502, "peer-refused", "Bad Gateway",
                service + " answered " + status + " for " + what + "; the report was not generated"));
    }

    /** The file name of a Content-Disposition: the UTF-8 {@code filename*} when present (RFC 6266), else {@code filename}. */
    static String filename(String disposition, String fallback) {
        if (disposition == null) {
            return fallback;
        }
        for (String part : disposition.split(";")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, "filename*=UTF-8''", 0, 17)) {
                return URLDecoder.decode(p.substring(17).replace("+", "%2B"), StandardCharsets.UTF_8);
            }
        }
        for (String part : disposition.split(";")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, "filename=", 0, 9)) {
                return p.substring(9).replace("\"", "");
            }
        }
        return fallback;
    }
}
