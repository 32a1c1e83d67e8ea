package org.ecoeval.tracking.api;

import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.ecoeval.contracts.Roles;
import org.ecoeval.platform.problem.ProblemException;
import org.ecoeval.platform.problem.Violation;
import org.ecoeval.platform.security.Caller;
import org.ecoeval.tracking.domain.ReportSnapshot;
import org.ecoeval.tracking.domain.ReportState;
import org.ecoeval.tracking.persistence.ReportStore;
import org.ecoeval.tracking.report.DocxWriter;
import org.ecoeval.tracking.report.PdfWriter;
import org.ecoeval.tracking.report.SelfCheckReport;
import org.ecoeval.tracking.report.SelfCheckReports;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The self-check report (自查报告) of an evaluation: versions generated from the data as of one instant, their
 * sign-off by the county's leaders, the documents (DOCX, PDF) and the frozen data package (architecture.md,
 * "The self-check report and the data package").
 */
@Path("/api/v1/evaluations/{evaluationId}/reports")
@Produces(MediaType.APPLICATION_JSON)
public class ReportResource {
    static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    @Inject
    SelfCheckReports reports;

    @Inject
    Caller caller;

    @Inject
    SecurityIdentity identity;

    /** A version as the API shows it, with what the caller may do next and where its files are. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReportView(String evaluationId, int version, String state, Instant asOf, Instant createdAt,
            String createdBy, String signedBy, Instant signedAt, LocalDate sentOn, String reference,
            PackageInfo dataPackage, Map<String, Object> score, List<StepView> steps, List<String> actions,
            Map<String, String> links) {
    }

    public record PackageInfo(String sha256, long sizeBytes) {
    }

    public record StepView(String action, String state, String actor, String role, Instant at, String comment) {
    }

    public record SignOffRequest(Boolean approve, String comment) {
    }

    public record SentRequest(LocalDate sentOn, String reference) {
    }

    @POST
    @RolesAllowed({ Roles.BUREAU, Roles.ADMIN })
    @Operation(operationId = "generateReport", summary = "Generate a new version of the self-check report from the data as it stands (one asOf for "
            + "the score, the submissions and their files)")
    @APIResponse(responseCode = "201", description = "Version n+1, a DRAFT", headers = @Header(name = "Location",
            description = "The new version", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ReportView.class)))
    @APIResponse(responseCode = "404", description = "The evaluation is not of the caller's county, or has no plan")
    @APIResponse(responseCode = "502", description = "scoring- or submission-service refused what the report needs (the "
            + "score as of the instant, a submission, an evidence file): no version is made")
    public Response generate(@PathParam("evaluationId") String evaluationId) {
        caller.requireEvaluation(evaluationId, "evaluation " + evaluationId);
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        if (token == null) {
            throw ProblemException.forbidden("the request carries no access token to read the other services with");
        }
        ReportStore.VersionRow row = reports.generate(evaluationId, actor(), token.getToken());
        return Response.status(201).header(HttpHeaders.LOCATION, link(row, "")).entity(view(row, true)).build();
    }

    @GET
    @RolesAllowed({ Roles.BUREAU, Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN })
    @Operation(operationId = "listReports", summary = "The report's versions, newest first, with state, sign-off record and score snapshot")
    @APIResponse(responseCode = "200", description = "The versions, newest first")
    @APIResponse(responseCode = "404", description = "The evaluation is not of the caller's county")
    public List<ReportView> list(@PathParam("evaluationId") String evaluationId) {
        caller.requireEvaluation(evaluationId, "evaluation " + evaluationId);
        List<ReportView> out = new ArrayList<>();
        for (ReportStore.VersionRow row : reports.versions(evaluationId)) {
            out.add(view(row, true));
        }
        return out;
    }

    @GET
    @Path("/{version}")
    @RolesAllowed({ Roles.BUREAU, Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN })
    @Operation(operationId = "getReport", summary = "One version: state, every step (who, when, comment), score snapshot, what may be done next")
    @APIResponse(responseCode = "200", description = "The version")
    @APIResponse(responseCode = "404", description = "No such version, or the evaluation is not of the caller's county")
    public ReportView get(@PathParam("evaluationId") String evaluationId, @PathParam("version") String version) {
        return view(find(evaluationId, version), true);
    }

    @GET
    @Path("/{version}/document")
    @Produces({ "application/pdf", DOCX, MediaType.APPLICATION_JSON })
    @RolesAllowed({ Roles.BUREAU, Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN })
    @Operation(operationId = "getReportDocument", summary = "The report as Word (format=docx, editable) or PDF (format=pdf, fonts embedded)")
    @APIResponse(responseCode = "200", description = "The document", content = {
            @Content(mediaType = "application/pdf", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = DOCX, schema = @Schema(type = SchemaType.STRING, format = "binary")) })
    @APIResponse(responseCode = "400", description = "format is not pdf or docx")
    @APIResponse(responseCode = "404", description = "No such version, or the evaluation is not of the caller's county")
    public Response document(@PathParam("evaluationId") String evaluationId, @PathParam("version") String version,
            @QueryParam("format") String format) {
        ReportStore.VersionRow row = find(evaluationId, version);
        String f = format == null || format.isBlank() ? "pdf" : format;
        if (!f.equals("pdf") && !f.equals("docx")) {
            throw ProblemException.badRequest("format", "enum", "format must be pdf or docx");
        }
        ReportSnapshot snapshot = reports.snapshot(evaluationId, row.version());
        var document = SelfCheckReport.of(snapshot);
        StreamingOutput body = out -> {
            if (f.equals("pdf")) {
                PdfWriter.write(document, out);
            } else {
                DocxWriter.write(document, out);
            }
        };
        String name = evaluationId + "-v" + row.version() + "-自查报告." + f;
        return Response.ok(body, f.equals("pdf") ? "application/pdf" : DOCX)
                .header("Content-Disposition", disposition(name)).build();
    }

    @POST
    @Path("/{version}/submit")
    @RolesAllowed(Roles.BUREAU)
    @Operation(operationId = "submitReport", summary = "Send a DRAFT version to the county's leaders for sign-off")
    @APIResponse(responseCode = "200", description = "The version, now AWAITING_SIGN_OFF")
    @APIResponse(responseCode = "404", description = "No such version, or the evaluation is not of the caller's county")
    @APIResponse(responseCode = "409", description = "The version is not a DRAFT")
    public ReportView submit(@PathParam("evaluationId") String evaluationId, @PathParam("version") String version) {
        ReportStore.VersionRow row = find(evaluationId, version);
        return view(reports.submit(evaluationId, row.version(), actor()), true);
    }

    @POST
    @Path("/{version}/sign-off")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEADER)
    @Operation(operationId = "signOffReport", summary = "A leader of the county signs the version off (approve: true → SIGNED, the data package is "
            + "built) or returns it (approve: false, comment required → RETURNED)")
    @APIResponse(responseCode = "200", description = "The version, now SIGNED (with its package) or RETURNED")
    @APIResponse(responseCode = "404", description = "No such version, or the evaluation is not of the caller's county")
    @APIResponse(responseCode = "409", description = "The version is not AWAITING_SIGN_OFF (e.g. signed off already)")
    @APIResponse(responseCode = "422", description = "approve missing, or a return without a comment")
    public ReportView signOff(@PathParam("evaluationId") String evaluationId, @PathParam("version") String version,
            SignOffRequest request) {
        ReportStore.VersionRow row = find(evaluationId, version);
        List<Violation> violations = new ArrayList<>();
        if (request == null || request.approve() == null) {
            violations.add(new Violation("approve", "required", "approve (true to sign off, false to return) is required"));
        } else if (!request.approve() && (request.comment() == null || request.comment().isBlank())) {
            violations.add(new Violation("comment", "required-on-return",
                    "a return must say what to correct in comment"));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        String comment = request.comment() == null || request.comment().isBlank() ? null : request.comment().strip();
        ReportStore.VersionRow after = request.approve()
                ? reports.signOff(evaluationId, row.version(), actor(), comment)
                : reports.returnForCorrection(evaluationId, row.version(), actor(), comment);
        return view(after, true);
    }

    @POST
    @Path("/{version}/sent")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.BUREAU)
    @Operation(operationId = "recordReportSent", summary = "Record that the signed report and its package were sent to the region: sentOn and reference")
    @APIResponse(responseCode = "200", description = "The version, now SENT")
    @APIResponse(responseCode = "404", description = "No such version, or the evaluation is not of the caller's county")
    @APIResponse(responseCode = "409", description = "The version is not SIGNED")
    @APIResponse(responseCode = "422", description = "sentOn or reference missing, or reference too long")
    public ReportView sent(@PathParam("evaluationId") String evaluationId, @PathParam("version") String version,
            SentRequest request) {
        ReportStore.VersionRow row = find(evaluationId, version);
        List<Violation> violations = new ArrayList<>();
        if (request == null || request.sentOn() == null) {
            violations.add(new Violation("sentOn", "required", "sentOn (the date it was sent, yyyy-MM-dd) is required"));
        }
        if (request == null || request.reference() == null || request.reference().isBlank()) {
            violations.add(new Violation("reference", "required", "reference (the letter's number) is required"));
        } else if (request.reference().length() > 200) {
            violations.add(new Violation("reference", "max-length", "reference is at most 200 characters"));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        return view(reports.sent(evaluationId, row.version(), actor(), request.sentOn(), request.reference().strip()),
                true);
    }

    @GET
    @Path("/{version}/package")
    @Produces({ "application/zip", MediaType.APPLICATION_JSON })
    @RolesAllowed({ Roles.BUREAU, Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN })
    @Operation(operationId = "getReportPackage", summary = "The data package (zip) of a SIGNED or SENT version, streamed from the store; ETag = its SHA-256")
    @APIResponse(responseCode = "200", description = "The package", headers = @Header(name = "ETag",
            description = "The package's SHA-256", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = "application/zip", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "304", description = "Not changed since the If-None-Match tag (it never changes)",
            headers = @Header(name = "ETag", description = "The package's SHA-256", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = "No such version, or the evaluation is not of the caller's county")
    @APIResponse(responseCode = "409", description = "The version is not signed off yet")
    public Response dataPackage(@PathParam("evaluationId") String evaluationId, @PathParam("version") String version,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        ReportStore.VersionRow row = find(evaluationId, version);
        if (!ReportState.valueOf(row.state()).packaged() || row.packageFile() == null) {
            throw ProblemException.conflict("report-not-signed", "report " + evaluationId + " v" + row.version()
                    + " is " + row.state() + "; its data package exists once a leader has signed it off");
        }
        String etag = "\"" + row.packageSha256() + "\"";
        if (ifNoneMatch != null && ifNoneMatch.contains(row.packageSha256())) {
            return Response.notModified().header(HttpHeaders.ETAG, etag).build();
        }
        java.nio.file.Path file = reports.packageFile(row);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("the data package " + file + " of " + evaluationId + " v" + row.version()
                    + " is missing from the report store");
        }
        // The file itself as the entity: Quarkus REST sends it from the file (Vert.x sendFile, Content-Length from its
        // size), with no worker thread copying hundreds of MB through buffers while a slow client reads.
        return Response.ok(file, "application/zip").header(HttpHeaders.ETAG, etag)
                .header("Content-Disposition", disposition(evaluationId + "-v" + row.version() + "-数据包.zip"))
                .build();
    }

    private ReportStore.VersionRow find(String evaluationId, String version) {
        caller.requireEvaluation(evaluationId, "evaluation " + evaluationId);
        int v;
        try {
            v = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("report " + evaluationId + " v" + version);
        }
        return reports.version(evaluationId, v)
                .orElseThrow(() -> ProblemException.notFound("report " + evaluationId + " v" + version));
    }

    private SelfCheckReports.Actor actor() {
        String role = caller.is(Roles.LEADER) ? Roles.LEADER
                : caller.is(Roles.BUREAU) ? Roles.BUREAU : caller.isAdmin() ? Roles.ADMIN : "unknown";
        return new SelfCheckReports.Actor(caller.name(), role);
    }

    private ReportView view(ReportStore.VersionRow row, boolean withScore) {
        List<StepView> steps = reports.steps(row.evaluationId(), row.version()).stream()
                .map(s -> new StepView(s.action(), s.stateAfter(), s.actor(), s.role(), s.at(), s.comment())).toList();
        ReportState state = ReportState.valueOf(row.state());
        List<String> actions = state.allowed().stream().filter(a -> caller.is(a.role())).map(this::actionName).toList();
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", link(row, ""));
        links.put("pdf", link(row, "/document?format=pdf"));
        links.put("docx", link(row, "/document?format=docx"));
        if (state.packaged()) {
            links.put("package", link(row, "/package"));
        }
        Map<String, Object> score = null;
        if (withScore) {
            ReportSnapshot s = reports.snapshot(row.evaluationId(), row.version());
            score = new LinkedHashMap<>();
            score.put("provisional", brief(s.provisional()));
            score.put("confirmed", brief(s.confirmed()));
        }
        return new ReportView(row.evaluationId(), row.version(), row.state(), row.asOf(), row.createdAt(),
                row.createdBy(), row.signedBy(), row.signedAt(), row.sentOn(), row.sentReference(),
                row.packageSha256() == null ? null : new PackageInfo(row.packageSha256(), row.packageSize()), score,
                steps, actions, links);
    }

    private String actionName(ReportState.Action a) {
        return switch (a) {
            case SUBMIT -> "submit";
            case SIGN_OFF -> "sign-off";
            case RETURN -> "return";
            case SENT -> "sent";
        };
    }

    private static Map<String, Object> brief(JsonNode score) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String f : List.of("deltaEI", "deltaEIRounded", "grade", "complete", "missing")) {
            m.put(f, score.path(f).isMissingNode() ? null : score.get(f));
        }
        return m;
    }

    private static String link(ReportStore.VersionRow row, String suffix) {
        return "/api/v1/evaluations/" + row.evaluationId() + "/reports/" + row.version() + suffix;
    }

    private static String disposition(String name) {
        StringBuilder ascii = new StringBuilder();
        for (char c : name.toCharArray()) {
            ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%' ? c : '_');
        }
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

}
