package org.ecoeval.submission.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.ecoeval.contracts.Roles;
import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.platform.problem.ProblemException;
import org.ecoeval.platform.security.Caller;
import org.ecoeval.submission.domain.Submission;
import org.ecoeval.submission.domain.SubmissionService;

import io.quarkus.panache.common.Sort;
import io.smallrye.common.annotation.Blocking;

/**
 * The current state of every submission of an evaluation, each as the {@link SubmissionEvent} that published it: what
 * scoring-service's recompute compares with the inputs it holds, so that an event that never reached it (dead-lettered,
 * or lost behind its back) is found and applied. Admin only (scoring forwards the admin's token); pages of 500 in
 * submission id order, {@code after} the last id of the previous page.
 */
@Path("/api/v1/evaluations/{evaluationId}/submission-states")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class SubmissionStateResource {
    static final int PAGE = 500;

    @Inject
    Caller caller;
    @Inject
    SubmissionService submissions;

    public record StatePage(List<SubmissionEvent> items, String next) {
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "listSubmissionStates", summary = "Every submission's current state as its SubmissionEvent, 500 a page (for scoring's recompute)")
    @APIResponse(responseCode = "200", description = "A page; next is the after of the next page, absent on the last")
    @APIResponse(responseCode = "400", description = "after is not a submission id")
    @APIResponse(responseCode = "404", description = "No such evaluation in the caller's county")
    @Transactional
    public StatePage states(@PathParam("evaluationId") String evaluationId, @QueryParam("after") String after) {
        caller.requireEvaluation(evaluationId, "evaluation");
        UUID from = null;
        if (after != null && !after.isBlank()) {
            try {
                from = UUID.fromString(after.trim());
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("after", "uuid", "after must be a submission id (a UUID)");
            }
        }
        List<Submission> page = (from == null
                ? Submission.<Submission>find("evaluationId = ?1", Sort.by("id"), evaluationId)
                : Submission.<Submission>find("evaluationId = ?1 and id > ?2", Sort.by("id"), evaluationId, from))
                .page(0, PAGE).list();
        List<SubmissionEvent> items = page.stream().map(submissions::currentState).toList();
        return new StatePage(items, page.size() < PAGE ? null : page.get(page.size() - 1).id.toString());
    }
}
