package org.ecoeval.submission.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.ecoeval.contracts.Roles;
import org.ecoeval.platform.problem.ProblemException;
import org.ecoeval.platform.security.Caller;
import org.ecoeval.submission.domain.Actor;
import org.ecoeval.submission.domain.Evidence;
import org.ecoeval.submission.domain.EvidenceService;
import org.ecoeval.submission.domain.FileNames;
import org.ecoeval.submission.domain.PlanBook;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.smallrye.common.annotation.Blocking;

/** Evidence files: multipart upload of one file, download by id (architecture.md). */
@Path("/api/v1")
@Blocking
public class EvidenceResource {

    /** The JSON answer of an upload. */
    public record EvidenceDto(String id, String filename, String contentType, long sizeBytes, String sha256,
            String evaluationId, String department, Instant uploadedAt) {
    }

    /** The multipart body of an upload, for the OpenAPI document. */
    @Schema(name = "EvidenceUpload")
    public static class EvidenceUpload {
        @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, format = "binary",
                required = true, description = "The file")
        public String file;
    }

    @Inject
    Caller caller;

    @Inject
    EvidenceService evidence;

    @Inject
    PlanBook plans;

    @POST
    @Path("/evaluations/{evaluationId}/evidence")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.DEPARTMENT, Roles.UNIT_HEAD })
    @Operation(operationId = "uploadEvidence", summary = "Upload one evidence file (PDF, image, office document...) for the unit",
            description = "multipart/form-data with one part named file. The same bytes uploaded again by the unit "
                    + "answer 200 with the file already held.")
    @RequestBody(required = true, content = @Content(mediaType = "multipart/form-data",
            schema = @Schema(implementation = EvidenceUpload.class)))
    @APIResponse(responseCode = "201", description = "Stored", headers = @Header(name = "Location",
            description = "The file", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = EvidenceDto.class)))
    @APIResponse(responseCode = "200", description = "The unit already holds these bytes: that file", headers = @Header(
            name = "Location", description = "The file", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = EvidenceDto.class)))
    @APIResponse(responseCode = "400", description = "The multipart body cannot be decoded")
    @APIResponse(responseCode = "404", description = "No such evaluation in the caller's county")
    @APIResponse(responseCode = "413", description = "The file is larger than the evidence limit")
    @APIResponse(responseCode = "415", description = "Not a multipart body, or a file of a type evidence may not be (checked by its bytes)")
    @APIResponse(responseCode = "422", description = "No part named file, or more than one file")
    public Response upload(@PathParam("evaluationId") String evaluationId,
            @RestForm(FileUpload.ALL) List<FileUpload> files) {
        caller.requireEvaluation(evaluationId, "evaluation");
        String unit = caller.requireDepartment();
        var plan = plans.find(evaluationId).orElseThrow(() -> ProblemException.notFound("evaluation"));
        if (files == null || files.isEmpty()) {
            throw ProblemException.invalid("file", "required", "one file is required, in the multipart part 'file'");
        }
        if (files.size() > 1) {
            throw ProblemException.invalid("file", "single-file", "one file per upload; this request has "
                    + files.size());
        }
        FileUpload file = files.get(0);
        Actor actor = new Actor(caller.name(), caller.is(Roles.UNIT_HEAD) ? Roles.UNIT_HEAD : Roles.DEPARTMENT, unit);
        EvidenceService.Received received = evidence.receive(file.uploadedFile());
        EvidenceService.Registered r = evidence.record(evaluationId, plan.countyCode(), unit, actor, received,
                file.fileName());
        Evidence e = r.evidence();
        return Response.status(r.created() ? 201 : 200).type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.LOCATION, "/api/v1/evidence/" + e.id).entity(dto(e)).build();
    }

    @GET
    @Path("/evidence/{evidenceId}")
    @RolesAllowed({ Roles.DEPARTMENT, Roles.UNIT_HEAD, Roles.BUREAU, Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN })
    @Operation(operationId = "downloadEvidence", summary = "An evidence file's bytes, as uploaded")
    @APIResponse(responseCode = "200", description = "The file in the content type it was stored with (PDF, image, "
            + "office document...), with its SHA-256 as ETag and Digest",
            content = @Content(mediaType = "*/*", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "404", description = "No such file visible to the caller")
    public Response download(@PathParam("evidenceId") String evidenceId) {
        UUID id;
        try {
            id = UUID.fromString(evidenceId);
        } catch (IllegalArgumentException ex) {
            throw ProblemException.notFound("evidence");
        }
        Evidence e = evidence.find(id)
                .filter(x -> caller.seesCounty(x.countyCode) && caller.seesDepartment(x.department))
                .orElseThrow(() -> ProblemException.notFound("evidence"));
        InputStream in = evidence.open(e).orElseThrow(() -> new IllegalStateException(
                "evidence " + e.id + " has no stored content " + e.sha256));
        return Response.ok(in, e.contentType)
                .header(HttpHeaders.CONTENT_LENGTH, e.sizeBytes)
                .header("Content-Disposition", FileNames.contentDisposition(e.filename))
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.ETAG, "\"" + e.sha256 + "\"")
                .header("Digest", "sha-256=" + java.util.Base64.getEncoder()
                        .encodeToString(java.util.HexFormat.of().parseHex(e.sha256)))
                .build();
    }

    static EvidenceDto dto(Evidence e) {
        return new EvidenceDto(e.id.toString(), e.filename, e.contentType, e.sizeBytes, e.sha256, e.evaluationId,
                e.department, e.uploadedAt);
    }
}
