package org.ecoeval.submission.api;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.time.Instant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.ecoeval.contracts.Roles;
import org.ecoeval.platform.problem.ProblemException;
import org.ecoeval.platform.security.Caller;
import org.ecoeval.submission.domain.SubmissionDraft;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.common.annotation.Blocking;

/**
 * The benchmark's ingest baseline: the same caller, the same body and the same HTTP, JSON, token and connection
 * pool as {@code POST /evaluations/{id}/submissions}, but only one row inserted, in one transaction. What intake
 * costs beyond this is what its rules, versions, history, idempotency and outbox cost.
 *
 * <p>Off (404) unless {@code ecoeval.submission.ingest-baseline.enabled}: the local launcher turns it on, a
 * production deployment has no use for it.
 */
@Path("/api/v1/bench/ingest-baseline")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
public class IngestBaselineResource {

    @Inject
    Caller caller;
    @Inject
    EntityManager em;
    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "ecoeval.submission.ingest-baseline.enabled", defaultValue = "false")
    boolean enabled;

    public record Stored(long id) {
    }

    @POST
    @RolesAllowed({ Roles.DEPARTMENT, Roles.UNIT_HEAD })
    @Operation(operationId = "storeIngestBaseline", summary = "Benchmark baseline: stores the body as one row (off unless enabled)")
    @APIResponse(responseCode = "201", description = "Stored as one row",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Stored.class)))
    @APIResponse(responseCode = "404", description = "The baseline is off (ecoeval.submission.ingest-baseline.enabled)")
    @APIResponse(responseCode = "413", description = "The body is larger than ecoeval.submission.max-json-size")
    @Transactional
    public Response store(SubmissionDraft draft) {
        if (!enabled) {
            throw ProblemException.notFound("ingest baseline (ecoeval.submission.ingest-baseline.enabled is false)");
        }
        if (draft == null) {
            throw ProblemException.badRequest("body", "required", "a JSON body is required");
        }
        String body;
        try {
            body = mapper.writeValueAsString(draft);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed body cannot be written back", e);
        }
        Number id = (Number) em.createNativeQuery("""
                insert into ingest_baseline (department, received_at, body)
                values (:department, :receivedAt, cast(:body as jsonb)) returning id
                """)
                .setParameter("department", caller.requireDepartment())
                .setParameter("receivedAt", Instant.now())
                .setParameter("body", body)
                .getSingleResult();
        return Response.status(201).entity(new Stored(id.longValue())).build();
    }
}
