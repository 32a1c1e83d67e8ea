package org.ecoeval.scoring.service;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.ecoeval.contracts.SubmissionEvent;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * submission-service's record of what it published: the current state of each submission of an evaluation, as the
 * event that published it ({@code GET /evaluations/{id}/submission-states}, admin; the recompute forwards the admin's
 * token).
 */
@ApplicationScoped
public class PublishedStates {

    @ConfigProperty(name = "ecoeval.scoring.submission-url", defaultValue = "http://127.0.0.1:8081")
    String submissionUrl;
    @Inject
    ObjectMapper mapper;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Every submission's published state, page by page; throws with the reason when submission-service cannot say. */
    public List<SubmissionEvent> of(String evaluationId, String bearerToken) {
        List<SubmissionEvent> out = new ArrayList<>();
        String after = null;
        do {
            String url = submissionUrl + "/api/v1/evaluations/" + URLEncoder.encode(evaluationId, StandardCharsets.UTF_8)
                    + "/submission-states" + (after == null ? "" : "?after=" + after);
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + bearerToken).timeout(Duration.ofSeconds(30)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 404) {
                    return out; // submission-service has no submission (nor plan) of this evaluation
                }
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("submission-service answered " + r.statusCode() + " for " + url);
                }
                JsonNode page = mapper.readTree(r.body());
                for (JsonNode item : page.path("items")) {
                    out.add(mapper.treeToValue(item, SubmissionEvent.class));
                }
                after = page.path("next").isTextual() ? page.path("next").asText() : null;
            } catch (java.io.IOException e) {
                throw new IllegalStateException("submission-service unreachable at " + submissionUrl + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while asking submission-service", e);
            }
        } while (after != null);
        return out;
    }
}
