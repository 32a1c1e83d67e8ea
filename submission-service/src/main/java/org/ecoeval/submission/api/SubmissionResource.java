package org.ecoeval.submission.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.ecoeval.contracts.Roles;
import org.ecoeval.contracts.SubmissionStatus;
import org.ecoeval.platform.problem.ProblemException;
import org.ecoeval.platform.problem.Violation;
import org.ecoeval.platform.security.Caller;
import org.ecoeval.submission.api.SubmissionDtos.ApprovalRequest;
import org.ecoeval.submission.api.SubmissionDtos.HistoryView;
import org.ecoeval.submission.api.SubmissionDtos.Page;
import org.ecoeval.submission.api.SubmissionDtos.Receipt;
import org.ecoeval.submission.api.SubmissionDtos.ReviewRequest;
import org.ecoeval.submission.api.SubmissionDtos.Summary;
import org.ecoeval.submission.api.SubmissionDtos.VersionView;
import org.ecoeval.submission.api.SubmissionDtos.View;
import org.ecoeval.submission.domain.Actor;
import org.ecoeval.submission.domain.HistoryEntry;
import org.ecoeval.submission.domain.PlanBook;
import org.ecoeval.submission.domain.Submission;
import org.ecoeval.submission.domain.SubmissionDraft;
import org.ecoeval.submission.domain.SubmissionService;
import org.ecoeval.submission.domain.SubmissionVersion;
import org.ecoeval.submission.domain.VersionContent;
import org.ecoeval.submission.persistence.IdempotencyStore;
import org.ecoeval.submission.persistence.IdempotencyStore.Answer;

import io.quarkus.panache.common.Sort;
import io.smallrye.common.annotation.Blocking;

/** Submissions: intake, new versions, head approval, bureau review, reading (architecture.md). */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
public class SubmissionResource {
    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 200;

    @Inject
    Caller caller;

    @Inject
    SubmissionService submissions;

    @Inject
    PlanBook plans;

    @Inject
    IdempotencyStore idempotency;

    @POST
    @Path("/evaluations/{evaluationId}/submissions")
    @RolesAllowed({ Roles.DEPARTMENT, Roles.UNIT_HEAD })
    @Parameter(name = "Idempotency-Key", in = org.eclipse.microprofile.openapi.annotations.enums.ParameterIn.HEADER, description = "A key of the client's choosing (1 to 200 characters): a retry "
            + "with the same key and body replays the first answer instead of writing again")
    @Operation(operationId = "submitSubmission", summary = "Submit the first version of a task instance's data",
            description = "The unit (from the token) submits for one task instance of its own: values, change "
                    + "patches, events, evidence ids, materials. SUBMITTED, or AWAITING_APPROVAL where the plan wants "
                    + "the head's approval. Late when after the task's due time.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = SubmissionDraft.class), examples = {
                    @ExampleObject(name = "FOREST-DATA", value = ApiExamples.FOREST_DRAFT),
                    @ExampleObject(name = "FIN-INVEST", value = ApiExamples.FIN_DRAFT) }))
    @APIResponse(responseCode = "201", description = "Submitted (also the replay of the same Idempotency-Key and body)",
            headers = @Header(name = "Location", description = "The submission", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SubmissionDtos.Receipt.class), examples = @ExampleObject(name = "FOREST-DATA", value = ApiExamples.RECEIPT)))
    @APIResponse(responseCode = "404", description = "No such evaluation in the caller's county")
    @APIResponse(responseCode = "409", description = "The task instance already has a submission (revise it with PUT)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem"),
                    examples = @ExampleObject(name = "submission-exists", value = ApiExamples.CONFLICT)))
    @APIResponse(responseCode = "413", description = "The body is larger than ecoeval.submission.max-json-size")
    @APIResponse(responseCode = "422", description = "The draft breaks the plan's rules (task of another unit, "
            + "indicator the task does not feed, value out of range, unknown evidence...) or the Idempotency-Key was "
            + "used with another body: every violation names its field and rule",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem"),
                    examples = @ExampleObject(name = "task-indicator", value = ApiExamples.VALIDATION)))
    public Response submit(@PathParam("evaluationId") String evaluationId,
            @HeaderParam(IdempotencyStore.HEADER) String idempotencyKey, SubmissionDraft draft) {
        caller.requireEvaluation(evaluationId, "evaluation");
        Actor actor = unitActor();
        return idempotency.run(scope(), idempotencyKey, "POST", "/evaluations/" + evaluationId + "/submissions",
                draft, () -> {
                    Submission s = submissions.submit(evaluationId, draft, actor);
                    return new Answer(201, receipt(s), "/api/v1/submissions/" + s.id);
                });
    }

    @PUT
    @Path("/submissions/{submissionId}")
    @RolesAllowed({ Roles.DEPARTMENT, Roles.UNIT_HEAD })
    @Parameter(name = "Idempotency-Key", in = org.eclipse.microprofile.openapi.annotations.enums.ParameterIn.HEADER, description = "A key of the client's choosing (1 to 200 characters): a retry "
            + "with the same key and body replays the first answer instead of writing again")
    @Operation(operationId = "reviseSubmission", summary = "Submit a new version of the unit's submission")
    @APIResponse(responseCode = "200", description = "The new version", content = @Content(mediaType = "application/json", schema = @Schema(implementation = SubmissionDtos.Receipt.class), examples = @ExampleObject(name = "FOREST-DATA", value = ApiExamples.RECEIPT)))
    @APIResponse(responseCode = "404", description = "No such submission visible to the caller")
    @APIResponse(responseCode = "409", description = "The submission is accepted (final) or awaits its head's approval")
    @APIResponse(responseCode = "413", description = "The body is larger than ecoeval.submission.max-json-size")
    @APIResponse(responseCode = "422", description = "The draft breaks the plan's rules; every violation names its field and rule")
    public Response revise(@PathParam("submissionId") String submissionId,
            @HeaderParam(IdempotencyStore.HEADER) String idempotencyKey, SubmissionDraft draft) {
        UUID id = parseId(submissionId);
        Actor actor = unitActor();
        return idempotency.run(scope(), idempotencyKey, "PUT", "/submissions/" + submissionId, draft, () -> {
            Submission s = submissions.revise(id, draft, actor, visible());
            return new Answer(200, receipt(s), null);
        });
    }

    @POST
    @Path("/submissions/{submissionId}/approval")
    @RolesAllowed(Roles.UNIT_HEAD)
    @Parameter(name = "Idempotency-Key", in = org.eclipse.microprofile.openapi.annotations.enums.ParameterIn.HEADER, description = "A key of the client's choosing (1 to 200 characters): a retry "
            + "with the same key and body replays the first answer instead of writing again")
    @Operation(operationId = "approveSubmission", summary = "The unit head approves (or sends back) the unit's submission")
    @APIResponse(responseCode = "200", description = "Approved (SUBMITTED) or sent back (RETURNED)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = SubmissionDtos.Receipt.class), examples = @ExampleObject(name = "FOREST-DATA", value = ApiExamples.RECEIPT)))
    @APIResponse(responseCode = "404", description = "No such submission visible to the caller")
    @APIResponse(responseCode = "409", description = "The submission is not awaiting approval")
    @APIResponse(responseCode = "413", description = "The body is larger than ecoeval.submission.max-json-size")
    @APIResponse(responseCode = "422", description = "approve missing, or the Idempotency-Key was used with another body")
    public Response approve(@PathParam("submissionId") String submissionId,
            @HeaderParam(IdempotencyStore.HEADER) String idempotencyKey, ApprovalRequest body) {
        UUID id = parseId(submissionId);
        Actor actor = new Actor(caller.name(), Roles.UNIT_HEAD, caller.requireDepartment());
        ApprovalRequest request = body == null ? new ApprovalRequest(null, null) : body;
        return idempotency.run(scope(), idempotencyKey, "POST", "/submissions/" + submissionId + "/approval",
                request, () -> {
                    Submission s = submissions.approve(id, request.approve(), request.comment(), actor, visible());
                    return new Answer(200, receipt(s), null);
                });
    }

    @POST
    @Path("/submissions/{submissionId}/review")
    @RolesAllowed({ Roles.BUREAU, Roles.ADMIN })
    @Parameter(name = "Idempotency-Key", in = org.eclipse.microprofile.openapi.annotations.enums.ParameterIn.HEADER, description = "A key of the client's choosing (1 to 200 characters): a retry "
            + "with the same key and body replays the first answer instead of writing again")
    @Operation(operationId = "reviewSubmission", summary = "The bureau accepts or returns a submission, with its management scores")
    @APIResponse(responseCode = "200", description = "ACCEPTED or RETURNED", content = @Content(mediaType = "application/json", schema = @Schema(implementation = SubmissionDtos.Receipt.class), examples = @ExampleObject(name = "FOREST-DATA", value = ApiExamples.RECEIPT)))
    @APIResponse(responseCode = "404", description = "No such submission in the caller's county")
    @APIResponse(responseCode = "409", description = "The submission is not reviewable in its status")
    @APIResponse(responseCode = "413", description = "The body is larger than ecoeval.submission.max-json-size")
    @APIResponse(responseCode = "422", description = "decision, comment or management scores break the rules")
    public Response review(@PathParam("submissionId") String submissionId,
            @HeaderParam(IdempotencyStore.HEADER) String idempotencyKey, ReviewRequest body) {
        UUID id = parseId(submissionId);
        Actor actor = new Actor(caller.name(), caller.is(Roles.BUREAU) ? Roles.BUREAU : Roles.ADMIN, null);
        ReviewRequest request = body == null ? new ReviewRequest(null, null, null) : body;
        return idempotency.run(scope(), idempotencyKey, "POST", "/submissions/" + submissionId + "/review",
                request, () -> {
                    Submission s = submissions.review(id, request.decision(), request.comment(),
                            request.managementScores(), actor, visible());
                    return new Answer(200, receipt(s), null);
                });
    }

    @GET
    @Path("/submissions/{submissionId}")
    @RolesAllowed({ Roles.DEPARTMENT, Roles.UNIT_HEAD, Roles.BUREAU, Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN })
    @Operation(operationId = "getSubmission", summary = "A submission with every version and its history")
    @APIResponse(responseCode = "200", description = "The submission")
    @APIResponse(responseCode = "404", description = "No such submission visible to the caller")
    public View get(@PathParam("submissionId") String submissionId) {
        UUID id = parseId(submissionId);
        Submission s = submissions.find(id).filter(visible()).orElseThrow(() -> ProblemException.notFound("submission"));
        List<VersionView> versions = new ArrayList<>();
        for (SubmissionVersion v : submissions.versions(id)) {
            VersionContent c = submissions.content(v);
            versions.add(new VersionView(v.version, v.submittedBy, v.submittedAt, v.late, c.values(), c.patches(),
                    c.events(), c.evidence(), c.note(), c.materials().isEmpty() ? null : c.materials()));
        }
        List<HistoryView> history = new ArrayList<>();
        for (HistoryEntry h : submissions.history(id)) {
            history.add(new HistoryView(h.at, h.actor, h.actorRole, h.action.name(), h.version, h.statusAfter,
                    h.comment, submissions.scores(h.managementScoresJson)));
        }
        return new View(s.id.toString(), s.evaluationId, s.department, s.taskInstance, s.status, s.currentVersion,
                s.late, s.createdAt, s.submittedAt, s.updatedAt, submissions.scores(s.managementScoresJson), versions,
                history);
    }

    @GET
    @Path("/evaluations/{evaluationId}/submissions")
    @RolesAllowed({ Roles.DEPARTMENT, Roles.UNIT_HEAD, Roles.BUREAU, Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN })
    @Operation(operationId = "listSubmissions", summary = "The evaluation's submissions, a page at a time (a unit sees its own)")
    @APIResponse(responseCode = "200", description = "A page of submissions, oldest first")
    @APIResponse(responseCode = "400", description = "page, pageSize or status is not valid: each violation names the parameter")
    @APIResponse(responseCode = "404", description = "No such evaluation in the caller's county")
    public Page<Summary> list(@PathParam("evaluationId") String evaluationId,
            @QueryParam("department") String department, @QueryParam("task") String task,
            @QueryParam("status") String status, @QueryParam("page") String pageText,
            @QueryParam("pageSize") String pageSizeText) {
        caller.requireEvaluation(evaluationId, "evaluation");
        List<Violation> violations = new ArrayList<>();
        int page = intParam("page", pageText, 0, 0, Integer.MAX_VALUE, violations);
        int pageSize = intParam("pageSize", pageSizeText, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE, violations);
        SubmissionStatus statusFilter = null;
        if (status != null && !status.isBlank()) {
            try {
                statusFilter = SubmissionStatus.valueOf(status);
            } catch (IllegalArgumentException e) {
                violations.add(new Violation("status", "enum", "status must be one of "
                        + java.util.Arrays.toString(SubmissionStatus.values())));
            }
        }
        if (!violations.isEmpty()) {
            throw new ProblemException(org.ecoeval.platform.problem.Problem.of(400, "bad-request", "Bad request",
                    "invalid query parameters").withViolations(violations));
        }
        if (plans.find(evaluationId).isEmpty() && Submission.count("evaluationId", evaluationId) == 0) {
            throw ProblemException.notFound("evaluation");
        }
        StringBuilder q = new StringBuilder("evaluationId = :evaluation");
        Map<String, Object> params = new HashMap<>();
        params.put("evaluation", evaluationId);
        if (caller.isUnitScoped()) {
            q.append(" and department = :unit");
            params.put("unit", caller.requireDepartment());
        }
        if (department != null && !department.isBlank()) {
            q.append(" and department = :department");
            params.put("department", department);
        }
        if (task != null && !task.isBlank()) {
            q.append(" and taskInstance = :task");
            params.put("task", task);
        }
        if (statusFilter != null) {
            q.append(" and status = :status");
            params.put("status", statusFilter);
        }
        var query = Submission.<Submission>find(q.toString(), Sort.by("createdAt").and("id"), params);
        long total = query.count();
        List<Summary> items = query.page(io.quarkus.panache.common.Page.of(page, pageSize)).list().stream()
                .map(s -> new Summary(s.id.toString(), s.evaluationId, s.department, s.taskInstance, s.status,
                        s.currentVersion, s.late, s.createdAt, s.submittedAt, s.updatedAt))
                .toList();
        return new Page<>(items, page, pageSize, total, (int) ((total + pageSize - 1) / pageSize));
    }

    // ---- helpers ----

    private Actor unitActor() {
        String unit = caller.requireDepartment();
        return new Actor(caller.name(), caller.is(Roles.UNIT_HEAD) ? Roles.UNIT_HEAD : Roles.DEPARTMENT, unit);
    }

    /** Whom a submission is visible to: its county's county-wide roles, and its own unit. */
    private Predicate<Submission> visible() {
        return s -> caller.seesCounty(s.countyCode) && caller.seesDepartment(s.department);
    }

    /** Idempotency keys are kept per unit; county-wide roles per user. */
    private String scope() {
        if (caller.isUnitScoped()) {
            return "unit:" + caller.county().orElse("-") + ":" + caller.requireDepartment();
        }
        return "user:" + caller.name();
    }

    static Receipt receipt(Submission s) {
        return new Receipt(s.id.toString(), s.currentVersion, s.status, s.submittedAt, s.late);
    }

    static UUID parseId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("submission");
        }
    }

    private static int intParam(String name, String text, int fallback, int min, int max, List<Violation> out) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value < min || value > max) {
                out.add(new Violation(name, "range", name + " must be between " + min + " and " + max));
                return fallback;
            }
            return value;
        } catch (NumberFormatException e) {
            out.add(new Violation(name, "type", name + " must be a whole number"));
            return fallback;
        }
    }
}
