package org.ecoeval.scoring.api;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import java.math.BigDecimal;
import java.util.List;

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
import org.ecoeval.scoring.domain.ImpactAnalysis;
import org.ecoeval.scoring.persistence.Reading;
import org.ecoeval.scoring.service.ImpactQueries;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** What to chase first: the ΔEI swing of every missing or not yet accepted input (architecture.md, "Scoring: impact"). */
@Path("/api/v1/evaluations/{evaluationId}/score/impact")
@Produces(MediaType.APPLICATION_JSON)
public class ImpactResource {

    public record ImpactView(String reading, BigDecimal deltaEI, List<ItemView> items) {
    }

    public record ItemView(String input, String kind, String name, String state, List<ImpactAnalysis.Owner> owners,
            BigDecimal low, BigDecimal high, BigDecimal swing) {
    }

    @Inject
    Caller caller;
    @Inject
    ImpactQueries impacts;

    @GET
    @RolesAllowed({ Roles.BUREAU, Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN })
    @Operation(operationId = "getScoreImpact", summary = "Every missing or not yet accepted input with the ΔEI at the low and high end of its range "
            + "and the swing, largest first, with the owning unit and task")
    @APIResponse(responseCode = "200", description = "The inputs to chase, largest swing first")
    @APIResponse(responseCode = "400", description = "reading is not provisional/confirmed")
    @APIResponse(responseCode = "404", description = "No score of this evaluation in the caller's county")
    public ImpactView impact(@PathParam("evaluationId") String evaluationId, @QueryParam("reading") String reading) {
        caller.requireEvaluation(evaluationId, "evaluation " + evaluationId);
        Reading r = reading == null || reading.isBlank() ? Reading.PROVISIONAL
                : Reading.parse(reading).orElseThrow(() -> ProblemException.badRequest("reading", "enum",
                        "reading must be 'provisional' or 'confirmed'"));
        ImpactAnalysis.Impact impact = impacts.impact(evaluationId, r)
                .orElseThrow(() -> ProblemException.notFound("evaluation " + evaluationId));
        return new ImpactView(r.label(), impact.deltaEI(), impact.items().stream()
                .map(i -> new ItemView(i.input(), i.kind().name(), i.name(), i.state().name(), i.owners(), i.low(),
                        i.high(), i.swing()))
                .toList());
    }
}
