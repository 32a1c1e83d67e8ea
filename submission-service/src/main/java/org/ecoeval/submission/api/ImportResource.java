package org.ecoeval.submission.api;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.ecoeval.contracts.Roles;
import org.ecoeval.platform.problem.ProblemException;
import org.ecoeval.platform.security.Caller;
import org.ecoeval.submission.api.sheets.TemplateFiles;
import org.ecoeval.submission.api.sheets.UploadedSheet;
import org.ecoeval.submission.domain.Actor;
import org.ecoeval.submission.domain.BulkIntakeService;
import org.ecoeval.submission.domain.FileNames;
import org.ecoeval.submission.domain.IntakeSheet;
import org.ecoeval.submission.domain.IntakeTemplate;
import org.ecoeval.submission.domain.KeptPlan;
import org.ecoeval.submission.domain.PlanBook;
import org.ecoeval.submission.domain.Spreadsheet;
import org.ecoeval.submission.persistence.IdempotencyStore;
import org.ecoeval.submission.persistence.IdempotencyStore.Answer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.common.annotation.Blocking;

/** Bulk intake from spreadsheets: the unit's template, and the import with its summary (architecture.md). */
@Path("/api/v1/evaluations/{evaluationId}/imports")
@Blocking
public class ImportResource {
    /** At most this many conflicts are listed; the rest are counted in {@code conflictsOmitted}. */
    static final int MAX_CONFLICTS_LISTED = 1000;

    /** The answer of an import (DHIS2's import summary, architecture.md). */
    public record Summary(boolean dryRun, boolean atomic, String status, int rows, int submissionsCreated,
            int submissionsRevised, int unchanged, int ignored, List<IntakeSheet.Conflict> conflicts,
            int conflictsOmitted) {
    }

    @Inject
    Caller caller;

    @Inject
    PlanBook plans;

    @Inject
    BulkIntakeService intake;

    @Inject
    IdempotencyStore idempotency;

    @ConfigProperty(name = "ecoeval.submission.import.max-size", defaultValue = "10M")
    MemorySize maxSize;

    @ConfigProperty(name = "ecoeval.submission.import.max-rows", defaultValue = "20000")
    int maxRows;

    @GET
    @Path("/template")
    @Produces({ TemplateFiles.XLSX_TYPE, TemplateFiles.CSV_TYPE })
    @RolesAllowed({ Roles.DEPARTMENT, Roles.UNIT_HEAD })
    @Operation(operationId = "getImportTemplate", summary = "The caller's unit's import template: one row per task instance, indicator and year it "
            + "fills; format=xlsx (default, with drop-downs) or csv (UTF-8 with BOM)")
    @APIResponse(responseCode = "200", description = "The template file", content = {
            @Content(mediaType = TemplateFiles.XLSX_TYPE, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, format = "binary")),
            @Content(mediaType = TemplateFiles.CSV_TYPE, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)) })
    @APIResponse(responseCode = "400", description = "format is neither xlsx nor csv")
    @APIResponse(responseCode = "404", description = "No such evaluation in the caller's county")
    public Response template(@PathParam("evaluationId") String evaluationId, @QueryParam("format") String format) {
        caller.requireEvaluation(evaluationId, "evaluation");
        String unit = caller.requireDepartment();
        String kind = format == null || format.isBlank() ? "xlsx" : format.strip().toLowerCase(java.util.Locale.ROOT);
        if (!kind.equals("xlsx") && !kind.equals("csv")) {
            throw ProblemException.badRequest("format", "one-of", "format must be xlsx or csv");
        }
        KeptPlan plan = plans.find(evaluationId).orElseThrow(() -> ProblemException.notFound("evaluation"));
        IntakeTemplate template = IntakeTemplate.of(plan, unit);
        String name = "导入模板-" + evaluationId + "-" + unit + "." + kind;
        return Response.ok(kind.equals("xlsx") ? TemplateFiles.xlsx(template) : TemplateFiles.csv(template),
                kind.equals("xlsx") ? TemplateFiles.XLSX_TYPE : TemplateFiles.CSV_TYPE + ";charset=UTF-8")
                .header("Content-Disposition", FileNames.contentDisposition(name))
                .header("X-Content-Type-Options", "nosniff").build();
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.DEPARTMENT, Roles.UNIT_HEAD })
    @Operation(operationId = "importSheet", summary = "Import an XLSX or CSV sheet of values: one submission per task instance, created or "
            + "revised by the rules of POST/PUT; dryRun=true writes nothing; atomic (default) imports nothing when "
            + "any row conflicts, atomic=false the tasks whose rows all pass")
    @Parameter(name = "Idempotency-Key", in = org.eclipse.microprofile.openapi.annotations.enums.ParameterIn.HEADER, description = "A key of the client's choosing (1 to 200 characters): a retry "
            + "with the same key and body replays the first answer instead of writing again")
    @RequestBody(required = true, content = @Content(mediaType = "multipart/form-data",
            schema = @Schema(implementation = EvidenceResource.EvidenceUpload.class)))
    @APIResponse(responseCode = "200", description = "The import summary (dryRun: what would be imported)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Summary.class)))
    @APIResponse(responseCode = "409", description = "An atomic import refused everything: the summary lists the conflicts",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Summary.class)))
    @APIResponse(responseCode = "400", description = "dryRun or atomic is not true/false, or the body cannot be decoded")
    @APIResponse(responseCode = "404", description = "No such evaluation in the caller's county")
    @APIResponse(responseCode = "413", description = "The file is larger than ecoeval.submission.import.max-size")
    @APIResponse(responseCode = "415", description = "Not a multipart body, or not an XLSX or CSV file")
    @APIResponse(responseCode = "422", description = "No part named file, several files, an empty sheet, a header that is not the template's, too many rows")
    public Response importSheet(@PathParam("evaluationId") String evaluationId, @QueryParam("dryRun") String dryRunText,
            @QueryParam("atomic") String atomicText, @HeaderParam(IdempotencyStore.HEADER) String idempotencyKey,
            @RestForm(FileUpload.ALL) List<FileUpload> files) {
        caller.requireEvaluation(evaluationId, "evaluation");
        String unit = caller.requireDepartment();
        boolean dryRun = flag("dryRun", dryRunText, false);
        boolean atomic = flag("atomic", atomicText, true);
        plans.find(evaluationId).orElseThrow(() -> ProblemException.notFound("evaluation"));
        files = files == null ? List.of() : files.stream().filter(f -> "file".equals(f.name())).toList();
        if (files.isEmpty()) {
            throw ProblemException.invalid("file", "required", "one file is required, in the multipart part 'file'");
        }
        if (files.size() > 1) {
            throw ProblemException.invalid("file", "single-file", "one file per import; this request has "
                    + files.size());
        }
        java.nio.file.Path file = files.get(0).uploadedFile();
        long size = size(file);
        if (size > maxSize.asLongValue()) {
            throw new ProblemException(org.ecoeval.platform.problem.Problem.of(413, "file-too-large",
                    "File too large", "an import file may have at most " + maxSize.asLongValue() + " bytes")
                    .withViolations(List.of(new org.ecoeval.platform.problem.Violation("file", "max-size",
                            "the file is larger than " + maxSize.asLongValue() + " bytes"))));
        }
        Spreadsheet sheet = UploadedSheet.read(file, maxRows);
        Actor actor = new Actor(caller.name(), caller.is(Roles.UNIT_HEAD) ? Roles.UNIT_HEAD : Roles.DEPARTMENT, unit);
        if (dryRun) {
            return answer(summary(intake.run(evaluationId, sheet, actor, true, atomic)));
        }
        // The same file (by its bytes) with the same options under the same key replays the first answer.
        Map<String, Object> request = Map.of("sha256", sha256(file), "atomic", atomic);
        return idempotency.run(scope(unit), idempotencyKey, "POST", "/evaluations/" + evaluationId + "/imports",
                request, () -> {
                    Summary summary = summary(intake.run(evaluationId, sheet, actor, false, atomic));
                    return new Answer(status(summary), summary, null);
                });
    }

    /** 200, or 409 when an atomic import refused everything for its conflicts (the summary says which). */
    static int status(Summary summary) {
        return "REFUSED".equals(summary.status()) && !summary.dryRun() ? 409 : 200;
    }

    private static Response answer(Summary summary) {
        return Response.status(status(summary)).type(MediaType.APPLICATION_JSON).entity(summary).build();
    }

    static Summary summary(BulkIntakeService.Outcome o) {
        String status = o.conflicts().isEmpty() ? "OK" : o.refused() ? "REFUSED" : "PARTIAL";
        List<IntakeSheet.Conflict> listed = o.conflicts().size() > MAX_CONFLICTS_LISTED
                ? o.conflicts().subList(0, MAX_CONFLICTS_LISTED) : o.conflicts();
        return new Summary(o.dryRun(), o.atomic(), status, o.rows(), o.created(), o.revised(), o.unchanged(),
                o.ignored(), List.copyOf(listed), o.conflicts().size() - listed.size());
    }

    private String scope(String unit) {
        return "unit:" + caller.county().orElse("-") + ":" + unit;
    }

    private static boolean flag(String name, String text, boolean fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ProblemException.badRequest(name, "boolean", name + " must be true or false");
        };
    }

    private static long size(java.nio.file.Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(java.nio.file.Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
