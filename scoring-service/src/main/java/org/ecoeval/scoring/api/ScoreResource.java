package org.ecoeval.scoring.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.ecoeval.contracts.Roles;
import org.ecoeval.platform.problem.ProblemException;
import org.ecoeval.platform.security.Caller;
import org.ecoeval.scoring.persistence.Reading;
import org.ecoeval.scoring.service.ScoreQueries;

/** The score of an evaluation (architecture.md, scoring-service). */
@Path("/api/v1/evaluations/{evaluationId}/score")
@Produces(MediaType.APPLICATION_JSON)
public class ScoreResource {

    @Inject
    Caller caller;
    @Inject
    ScoreQueries queries;

    /** One reading ({@code provisional}, the default, or {@code confirmed}) with its components and basis. */
    @GET
    @RolesAllowed({ Roles.BUREAU, Roles.SUPERVISOR, Roles.ADMIN })
    public ScoreView score(@PathParam("evaluationId") String evaluationId, @QueryParam("reading") String reading) {
        caller.requireEvaluation(evaluationId, "evaluation " + evaluationId);
        Reading r = reading == null || reading.isBlank() ? Reading.PROVISIONAL
                : Reading.parse(reading).orElseThrow(() -> ProblemException.badRequest("reading", "enum",
                        "reading must be 'provisional' or 'confirmed'"));
        return queries.score(evaluationId, r)
                .orElseThrow(() -> ProblemException.notFound("evaluation " + evaluationId));
    }
}
