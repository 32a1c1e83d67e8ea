package org.ecoeval.tracking.dashboard;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.ecoeval.contracts.Roles;
import org.ecoeval.platform.problem.ProblemException;
import org.ecoeval.platform.security.Caller;
import org.ecoeval.tracking.persistence.Db;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * What the dashboard page needs besides the contract endpoints it reads directly (status, alerts): who is signed in
 * with the evaluations they may see, and the score. The score belongs to scoring-service; this resource fetches it
 * server-side with the caller's own access token (scoring-service applies its own rules to that token) and adds an
 * ETag, so the page polls it as cheaply as the status.
 */
@Path("/dashboard/api")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {
    private static final Logger LOG = Logger.getLogger(DashboardResource.class);

    public record Evaluation(String evaluationId, String county, int year) {
    }

    public record Me(String name, Set<String> roles, String county, String department, List<Evaluation> evaluations) {
    }

    @Inject
    Caller caller;

    @Inject
    SecurityIdentity identity;

    @Inject
    Db db;

    @Inject
    org.ecoeval.tracking.domain.PlanService plans;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper mapper;

    @ConfigProperty(name = "ecoeval.tracking.dashboard.scoring-url", defaultValue = "http://127.0.0.1:8082")
    String scoringUrl;

    @ConfigProperty(name = "ecoeval.tracking.dashboard.scoring-timeout", defaultValue = "PT10S")
    Duration timeout;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @GET
    @Path("/me")
    @Operation(summary = "The signed-in user (name, roles, county, unit) and the evaluations they may see, newest first")
    public Me me() {
        List<Evaluation> evaluations = db.list("select evaluation_id, county_code, year from evaluation "
                + "where current_version > 0 order by year desc, evaluation_id",
                rs -> new Evaluation(rs.getString(1), rs.getString(2), rs.getInt(3))).stream()
                .filter(e -> caller.seesCounty(e.county())).toList();
        return new Me(caller.name(), new TreeSet<>(caller.roles()), caller.county().orElse(null),
                caller.department().orElse(null), evaluations);
    }

    @GET
    @Path("/evaluations/{evaluationId}/score")
    @RolesAllowed({ Roles.BUREAU, Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "The score of one reading, fetched from scoring-service with the caller's token; ETag, and 304 for If-None-Match")
    public Response score(@PathParam("evaluationId") String evaluationId, @QueryParam("reading") String reading,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        caller.requireEvaluation(evaluationId, "evaluation " + evaluationId);
        HttpResponse<String> answer = fromScoring(evaluationId, "/score" + (reading == null || reading.isBlank() ? ""
                : "?reading=" + URLEncoder.encode(reading, StandardCharsets.UTF_8)));
        if (answer == null) {
            return unavailable(evaluationId);
        }
        String type = answer.headers().firstValue(HttpHeaders.CONTENT_TYPE).orElse(MediaType.APPLICATION_JSON);
        if (answer.statusCode() != 200) {
            return Response.status(answer.statusCode()).type(type).entity(answer.body()).build();
        }
        String etag = "\"" + sha256(answer.body()).substring(0, 32) + "\"";
        if (ifNoneMatch != null && ifNoneMatch.contains(etag.substring(1, etag.length() - 1))) {
            return Response.notModified().header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .build();
        }
        return Response.ok(answer.body(), type).header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache").build();
    }

    /**
     * GET of an evaluation's {@code path} on scoring-service with the caller's own token (so scoring applies its own
     * rules to the caller); null when scoring-service cannot be reached.
     */
    private HttpResponse<String> fromScoring(String evaluationId, String path) {
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        if (token == null) {
            throw ProblemException.forbidden("the session carries no access token to ask scoring-service with");
        }
        String uri = scoringUrl + "/api/v1/evaluations/" + URLEncoder.encode(evaluationId, StandardCharsets.UTF_8)
                + path;
        try {
            return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(timeout)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token.getToken())
                    .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            LOG.warnf("%s of %s from %s not available: %s", path, evaluationId, scoringUrl, e.toString());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** One line of the chase list: an input, what it would move, and who owes it by when. */
    public record ChaseItem(String input, String name, String state, java.math.BigDecimal swing,
            java.math.BigDecimal low, java.math.BigDecimal high, String department, String task, String owner,
            java.time.Instant dueAt) {
    }

    @GET
    @Path("/evaluations/{evaluationId}/chase")
    @RolesAllowed({ Roles.BUREAU, Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "What to chase first: the inputs with the largest ΔEI swing (scoring-service's score/impact, "
            + "fetched with the caller's token), each with its unit, task, owner and deadline from the plan")
    public Response chase(@PathParam("evaluationId") String evaluationId, @QueryParam("limit") Integer limit) {
        caller.requireEvaluation(evaluationId, "evaluation " + evaluationId);
        HttpResponse<String> answer = fromScoring(evaluationId, "/score/impact");
        if (answer == null) {
            return unavailable(evaluationId);
        }
        if (answer.statusCode() != 200) {
            return Response.status(answer.statusCode())
                    .type(answer.headers().firstValue(HttpHeaders.CONTENT_TYPE).orElse(MediaType.APPLICATION_JSON))
                    .entity(answer.body()).build();
        }
        org.ecoeval.tracking.domain.PlanService.CurrentPlan plan = plans.current(evaluationId)
                .orElseThrow(() -> ProblemException.notFound("plan of " + evaluationId));
        java.util.Map<String, org.ecoeval.contracts.Plan.Task> tasks = new java.util.HashMap<>();
        plan.plan().tasks().forEach(t -> tasks.put(t.id(), t));
        java.util.Map<String, java.time.Instant> due = new java.util.HashMap<>();
        plan.instances().forEach(i -> due.merge(i.taskId(), i.dueAt(), (a, b) -> a.isAfter(b) ? a : b));
        List<ChaseItem> items = new java.util.ArrayList<>();
        try {
            for (com.fasterxml.jackson.databind.JsonNode item : mapper.readTree(answer.body()).path("items")) {
                java.math.BigDecimal swing = item.path("swing").decimalValue();
                if (swing.signum() <= 0) {
                    continue; // nothing to gain from chasing it yet
                }
                com.fasterxml.jackson.databind.JsonNode owners = item.path("owners");
                String department = owners.isEmpty() ? null : owners.get(0).path("department").asText(null);
                String task = owners.isEmpty() ? null : owners.get(0).path("task").asText(null);
                org.ecoeval.contracts.Plan.Task t = task == null ? null : tasks.get(task);
                items.add(new ChaseItem(item.path("input").asText(), item.path("name").asText(),
                        item.path("state").asText(), swing, item.path("low").decimalValue(),
                        item.path("high").decimalValue(), department, task,
                        t == null || t.owner() == null ? null : t.owner().name(), task == null ? null : due.get(task)));
                if (items.size() >= (limit == null || limit < 1 ? 10 : Math.min(limit, 100))) {
                    break;
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("scoring-service answered an unreadable impact for " + evaluationId, e);
        }
        return Response.ok(items, MediaType.APPLICATION_JSON).header(HttpHeaders.CACHE_CONTROL, "no-cache").build();
    }

    private static Response unavailable(String evaluationId) {
        return Response.status(503).type("application/problem+json")
                .entity("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
                        + "\"detail\":\"scoring-service does not answer; the score of " + evaluationId
                        + " is shown again when it does\"}")
                .build();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
