package org.ecoeval.tracking.api;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.ecoeval.contracts.Roles;
import org.ecoeval.platform.problem.ProblemException;
import org.ecoeval.platform.security.Caller;
import org.ecoeval.tracking.domain.StatusService;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Completion per department and for the county. {@code ETag} on every answer and {@code 304} for a matching
 * {@code If-None-Match}, so a dashboard polling every few seconds costs a primary-key lookup; or the SSE
 * stream, which pushes the status whenever its tag changes.
 */
@Path("/api/v1/evaluations/{evaluationId}/status")
public class StatusResource {

    @Inject
    StatusService statuses;

    @Inject
    Caller caller;

    @ConfigProperty(name = "ecoeval.tracking.status-stream.check-interval", defaultValue = "PT1S")
    Duration checkInterval;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.BUREAU, Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "Completion per department and for the county, with ETag; 304 for If-None-Match")
    public Response status(@PathParam("evaluationId") String evaluationId,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        caller.requireEvaluation(evaluationId, "evaluation " + evaluationId);
        if (ifNoneMatch != null) {
            Optional<String> etag = statuses.etag(evaluationId);
            if (etag.isPresent() && matches(ifNoneMatch, etag.get())) {
                return Response.notModified().header(HttpHeaders.ETAG, etag.get())
                        .header(HttpHeaders.CACHE_CONTROL, "no-cache").build();
            }
        }
        StatusService.Tagged tagged = statuses.status(evaluationId)
                .orElseThrow(() -> ProblemException.notFound("plan of " + evaluationId));
        return Response.ok(tagged.status(), MediaType.APPLICATION_JSON).header(HttpHeaders.ETAG, tagged.etag())
                .header(HttpHeaders.CACHE_CONTROL, "no-cache").build();
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({ Roles.BUREAU, Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "Server-sent events: the status now, then again whenever it changes (event 'status', id = ETag)")
    public Multi<OutboundSseEvent> stream(@PathParam("evaluationId") String evaluationId, @Context Sse sse) {
        caller.requireEvaluation(evaluationId, "evaluation " + evaluationId);
        if (statuses.etag(evaluationId).isEmpty()) {
            throw ProblemException.notFound("plan of " + evaluationId);
        }
        AtomicReference<String> last = new AtomicReference<>();
        return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(checkInterval)
                .onOverflow().drop()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(tick -> statuses.etag(evaluationId).orElse(""))
                .filter(etag -> !etag.equals(last.get()))
                .map(etag -> statuses.status(evaluationId))
                .filter(Optional::isPresent).map(Optional::get)
                .filter(tagged -> !tagged.etag().equals(last.getAndSet(tagged.etag())))
                .map(tagged -> sse.newEventBuilder().name("status").id(tagged.etag())
                        .mediaType(MediaType.APPLICATION_JSON_TYPE).data(StatusService.Status.class, tagged.status())
                        .build());
    }

    /** If-None-Match: {@code *} or a list of (possibly weak) tags. */
    static boolean matches(String header, String etag) {
        String bare = etag.startsWith("W/") ? etag.substring(2) : etag;
        return Arrays.stream(header.split(",")).map(String::strip)
                .map(t -> t.startsWith("W/") ? t.substring(2) : t)
                .anyMatch(t -> t.equals("*") || t.equals(bare));
    }
}
