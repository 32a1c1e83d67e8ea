package org.ecoeval.tracking.api;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.ecoeval.contracts.Roles;
import org.ecoeval.platform.problem.ProblemException;
import org.ecoeval.platform.security.Caller;
import org.ecoeval.tracking.domain.PlanService;
import org.ecoeval.tracking.domain.StatusCalculator;
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

    @Inject
    PlanService plans;

    @ConfigProperty(name = "ecoeval.tracking.status-stream.check-interval", defaultValue = "PT1S")
    Duration checkInterval;

    @GET
    @Produces({ MediaType.APPLICATION_JSON, XlsxTables.MEDIA_TYPE })
    @RolesAllowed({ Roles.BUREAU, Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN })
    @Operation(operationId = "getStatus", summary = "Completion per department and for the county, with ETag; 304 for If-None-Match; "
            + "?format=xlsx: the same as a workbook with Chinese headers")
    @APIResponse(responseCode = "200", description = "The status, tagged", headers = @Header(name = "ETag",
            description = "The status's tag, for If-None-Match", schema = @Schema(type = SchemaType.STRING)), content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = StatusService.Status.class)),
            @Content(mediaType = XlsxTables.MEDIA_TYPE, schema = @Schema(type = SchemaType.STRING, format = "binary")) })
    @APIResponse(responseCode = "304", description = "Not changed since the If-None-Match tag", headers = @Header(
            name = "ETag", description = "The status's tag", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "format is not json or xlsx")
    @APIResponse(responseCode = "404", description = "No plan of this evaluation in the caller's county")
    public Response status(@PathParam("evaluationId") String evaluationId,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @QueryParam("format") String format) {
        caller.requireEvaluation(evaluationId, "evaluation " + evaluationId);
        String kind = format == null || format.isBlank() ? "json" : format.strip().toLowerCase(java.util.Locale.ROOT);
        if (!kind.equals("json") && !kind.equals("xlsx")) {
            throw ProblemException.badRequest("format", "one-of", "format must be json or xlsx");
        }
        if (kind.equals("xlsx")) {
            StatusService.Tagged tagged = statuses.status(evaluationId)
                    .orElseThrow(() -> ProblemException.notFound("plan of " + evaluationId));
            java.time.ZoneId zone = plans.current(evaluationId).map(p -> p.plan().timeZone())
                    .map(java.time.ZoneId::of).orElse(java.time.ZoneOffset.UTC);
            return Response.ok(xlsx(tagged.status(), zone), XlsxTables.MEDIA_TYPE)
                    .header("Content-Disposition", XlsxTables.disposition("status-" + evaluationId + ".xlsx"))
                    .header(HttpHeaders.ETAG, tagged.etag()).build();
        }
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
    @RolesAllowed({ Roles.BUREAU, Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN })
    @Operation(operationId = "streamStatus", summary = "Server-sent events: the status now, then again whenever it changes (event 'status', id = ETag)")
    @APIResponse(responseCode = "200", description = "An event stream: each event 'status' carries the status as JSON",
            content = @Content(mediaType = "text/event-stream", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = "No plan of this evaluation in the caller's county")
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

    /** One row per department and a last row for the county, with the JSON's columns. */
    static byte[] xlsx(StatusService.Status status, java.time.ZoneId zone) {
        List<XlsxTables.Column> columns = List.of(XlsxTables.Column.of("单位代码 department"),
                XlsxTables.Column.of("单位名称 name"), XlsxTables.Column.of("任务总数 total"),
                XlsxTables.Column.of("已报送 submitted"), XlsxTables.Column.of("已通过 accepted"),
                XlsxTables.Column.of("已退回 returned"), XlsxTables.Column.of("按时报送 onTime"),
                XlsxTables.Column.of("逾期报送 late"), XlsxTables.Column.of("逾期未报 overdue"),
                XlsxTables.Column.ratio("完成率 completion"), XlsxTables.Column.ratio("按时率 onTimeRate"),
                XlsxTables.Column.of("下一截止 nextDueAt"));
        List<List<Object>> rows = new java.util.ArrayList<>();
        for (StatusCalculator.Row r : status.departments()) {
            rows.add(row(r.department(), r));
        }
        rows.add(row("全旗合计 total", status.totals()));
        return XlsxTables.workbook(zone, List.of(new XlsxTables.Table("完成情况", columns, rows)));
    }

    private static List<Object> row(String code, StatusCalculator.Row r) {
        return java.util.Arrays.asList(code, r.name(), r.total(), r.submitted(), r.accepted(), r.returned(),
                r.onTime(), r.late(), r.overdue(), r.completion(), r.onTimeRate(), r.nextDueAt());
    }

    /** If-None-Match: {@code *} or a list of (possibly weak) tags. */
    static boolean matches(String header, String etag) {
        String bare = etag.startsWith("W/") ? etag.substring(2) : etag;
        return Arrays.stream(header.split(",")).map(String::strip)
                .map(t -> t.startsWith("W/") ? t.substring(2) : t)
                .anyMatch(t -> t.equals("*") || t.equals(bare));
    }
}
