package org.ecoeval.scoring.api;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.ecoeval.contracts.Roles;
import org.ecoeval.platform.problem.ProblemException;
import org.ecoeval.platform.security.Caller;
import org.ecoeval.scoring.persistence.Reading;
import org.ecoeval.scoring.service.Recomputation;
import org.ecoeval.scoring.service.ScoreQueries;

/**
 * The score of an evaluation (architecture.md, scoring-service). Bureau, supervisor and admin read; only an admin
 * recomputes. Another county's evaluation is 404, as is one the service has never heard of.
 */
@Path("/api/v1/evaluations/{evaluationId}/score")
@Produces(MediaType.APPLICATION_JSON)
public class ScoreResource {

    @Inject
    Caller caller;
    @Inject
    ScoreQueries queries;
    @Inject
    Recomputation recomputation;
    @Inject
    org.eclipse.microprofile.jwt.JsonWebToken token;

    /**
     * One reading ({@code provisional}, the default, or {@code confirmed}) with its components and basis; with
     * {@code asOf} (an ISO instant) as it stood at that moment, for the self-check report and audits.
     */
    @GET
    @RolesAllowed({ Roles.BUREAU, Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN })
    @Operation(operationId = "getScore", summary = "The evaluation's score (delta EI, grade, components, basis): provisional or confirmed, now or as of an instant")
    @APIResponse(responseCode = "200", description = "The score")
    @APIResponse(responseCode = "400", description = "reading is not provisional/confirmed, or asOf is not an ISO instant with an offset")
    @APIResponse(responseCode = "404", description = "No score of this evaluation (as of asOf) in the caller's county")
    public ScoreView score(@PathParam("evaluationId") String evaluationId, @QueryParam("reading") String reading,
            @QueryParam("asOf") String asOf) {
        caller.requireEvaluation(evaluationId, "evaluation " + evaluationId);
        Reading r = reading(reading) == null ? Reading.PROVISIONAL : reading(reading);
        if (asOf != null) {
            Instant at = instant(asOf);
            return queries.scoreAsOf(evaluationId, r, at).orElseThrow(() -> ProblemException.notFound(
                    "a score of evaluation " + evaluationId + " as of " + at));
        }
        return queries.score(evaluationId, r)
                .orElseThrow(() -> ProblemException.notFound("evaluation " + evaluationId));
    }

    /** Every change of the score, oldest first: both readings, or the one asked for. */
    @GET
    @Path("/history")
    @RolesAllowed({ Roles.BUREAU, Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN })
    @Operation(operationId = "getScoreHistory", summary = "Every change of the score, oldest first")
    @APIResponse(responseCode = "200", description = "The changes")
    @APIResponse(responseCode = "400", description = "reading is not provisional/confirmed")
    @APIResponse(responseCode = "404", description = "No score of this evaluation in the caller's county")
    public List<HistoryEntryView> history(@PathParam("evaluationId") String evaluationId,
            @QueryParam("reading") String reading) {
        caller.requireEvaluation(evaluationId, "evaluation " + evaluationId);
        return queries.history(evaluationId, reading(reading))
                .orElseThrow(() -> ProblemException.notFound("evaluation " + evaluationId));
    }

    /**
     * A full recomputation from the stored inputs, compared with the incremental state, after applying what
     * submission-service published and scoring lacks (the admin's token is forwarded to ask it).
     */
    @POST
    @Path("/recompute")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "recomputeScore", summary = "Recompute from the stored inputs (after applying what submission-service holds and scoring lacks) and compare with the incremental state")
    @APIResponse(responseCode = "200", description = "The comparison")
    @APIResponse(responseCode = "404", description = "No score of this evaluation in the caller's county")
    public RecomputeReport recompute(@PathParam("evaluationId") String evaluationId) {
        caller.requireEvaluation(evaluationId, "evaluation " + evaluationId);
        return recomputation.recompute(evaluationId, token.getRawToken());
    }

    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("asOf", "instant",
                    "asOf must be an ISO-8601 instant with an offset, e.g. 2024-10-25T17:30:00+08:00");
        }
    }

    private static Reading reading(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return Reading.parse(text).orElseThrow(() -> ProblemException.badRequest("reading", "enum",
                "reading must be 'provisional' or 'confirmed'"));
    }
}
