package org.ecoeval.tracking.api;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.ecoeval.contracts.Roles;
import org.ecoeval.platform.problem.ProblemException;
import org.ecoeval.platform.security.Caller;
import org.ecoeval.tracking.domain.Ledger;
import org.ecoeval.tracking.domain.PlanService;
import org.ecoeval.tracking.domain.StatusCalculator;
import org.ecoeval.tracking.persistence.TaskStore;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The department performance ledger for the annual assessment: per unit, task instances handed in on time,
 * late, never (past due) and still pending; as JSON or, with {@code Accept: text/csv}, as CSV.
 */
@Path("/api/v1/evaluations/{evaluationId}/ledger")
public class LedgerResource {
    public static final String CSV = "text/csv";

    public record LedgerView(String evaluationId, int planVersion, String county, Instant asOf, List<Ledger.Row> departments) {
    }

    @Inject
    PlanService plans;

    @Inject
    TaskStore tasks;

    @Inject
    Caller caller;

    @Inject
    Clock clock;

    @GET
    @Produces({ MediaType.APPLICATION_JSON, CSV, XlsxTables.MEDIA_TYPE })
    @RolesAllowed({ Roles.BUREAU, Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(operationId = "getLedger", summary = "Per unit: tasks on time, late, never done, pending, with each task's outcome; "
            + "CSV (UTF-8, one row per unit) with Accept: text/csv or ?format=csv, XLSX (Chinese headers, a sheet "
            + "per unit and per task) with ?format=xlsx, JSON otherwise")
    @APIResponse(responseCode = "200", description = "The ledger", content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = LedgerView.class)),
            @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING)),
            @Content(mediaType = XlsxTables.MEDIA_TYPE, schema = @Schema(type = SchemaType.STRING, format = "binary")) })
    @APIResponse(responseCode = "400", description = "format is not json, csv or xlsx")
    @APIResponse(responseCode = "404", description = "No plan of this evaluation in the caller's county")
    public Response ledger(@PathParam("evaluationId") String evaluationId, @QueryParam("format") String format,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        LedgerView ledger = compute(evaluationId);
        boolean csv = format != null ? "csv".equalsIgnoreCase(format.strip())
                : accept != null && accept.contains(CSV) && !accept.contains(MediaType.APPLICATION_JSON);
        boolean xlsx = format != null ? "xlsx".equalsIgnoreCase(format.strip())
                : accept != null && accept.contains(XlsxTables.MEDIA_TYPE);
        if (format != null && !csv && !xlsx && !"json".equalsIgnoreCase(format.strip())) {
            throw ProblemException.badRequest("format", "one-of", "format must be json, csv or xlsx");
        }
        if (xlsx) {
            return Response.ok(xlsx(ledger, zone(evaluationId)), XlsxTables.MEDIA_TYPE)
                    .header("Content-Disposition", XlsxTables.disposition("ledger-" + evaluationId + ".xlsx")).build();
        }
        if (!csv) {
            return Response.ok(ledger, MediaType.APPLICATION_JSON).build();
        }
        return Response.ok(csv(ledger), CSV + ";charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"ledger-" + evaluationId + ".csv\"").build();
    }

    LedgerView compute(String evaluationId) {
        caller.requireEvaluation(evaluationId, "evaluation " + evaluationId);
        PlanService.CurrentPlan plan = plans.current(evaluationId)
                .orElseThrow(() -> ProblemException.notFound("plan of " + evaluationId));
        Instant now = clock.instant();
        List<StatusCalculator.Unit> units = plan.plan().departments().stream()
                .map(d -> new StatusCalculator.Unit(d.code(), d.name())).toList();
        return new LedgerView(evaluationId, plan.version(), plan.plan().county().name(), now,
                Ledger.compute(units, tasks.snapshots(evaluationId, null), plan.policy().dueSoonWindow(), now));
    }

    private java.time.ZoneId zone(String evaluationId) {
        return plans.current(evaluationId).map(p -> p.plan().timeZone()).map(java.time.ZoneId::of)
                .orElse(java.time.ZoneOffset.UTC);
    }

    /** Two sheets: one row per unit (the CSV's columns), and one row per task instance with its outcome. */
    static byte[] xlsx(LedgerView ledger, java.time.ZoneId zone) {
        List<XlsxTables.Column> units = List.of(XlsxTables.Column.of("单位代码 department"),
                XlsxTables.Column.of("单位名称 name"), XlsxTables.Column.of("任务总数 total"),
                XlsxTables.Column.of("按时报送 onTime"), XlsxTables.Column.of("逾期报送 late"),
                XlsxTables.Column.of("逾期未报 notDone"), XlsxTables.Column.of("未到期 pending"),
                XlsxTables.Column.ratio("按时率 onTimeRate"));
        List<XlsxTables.Column> tasks = List.of(XlsxTables.Column.of("单位代码 department"),
                XlsxTables.Column.of("任务 task"), XlsxTables.Column.of("任务名称 title"),
                XlsxTables.Column.of("截止时间 dueAt"), XlsxTables.Column.of("结果 outcome"),
                XlsxTables.Column.of("状态 state"), XlsxTables.Column.of("报送时间 submittedAt"));
        List<List<Object>> unitRows = new java.util.ArrayList<>();
        List<List<Object>> taskRows = new java.util.ArrayList<>();
        for (Ledger.Row r : ledger.departments()) {
            unitRows.add(java.util.Arrays.asList(r.department(), r.name(), r.total(), r.onTime(), r.late(),
                    r.notDone(), r.pending(), r.onTimeRate()));
            for (Ledger.Entry e : r.tasks()) {
                taskRows.add(java.util.Arrays.asList(r.department(), e.taskId(), e.title(), e.dueAt(),
                        OUTCOMES.get(e.outcome()) + " " + e.outcome().name(), e.state(), e.submittedAt()));
            }
        }
        return XlsxTables.workbook(zone, List.of(new XlsxTables.Table("考核台账", units, unitRows),
                new XlsxTables.Table("任务明细", tasks, taskRows)));
    }

    private static final java.util.Map<Ledger.Outcome, String> OUTCOMES = java.util.Map.of(Ledger.Outcome.ON_TIME,
            "按时报送", Ledger.Outcome.LATE, "逾期报送", Ledger.Outcome.NOT_DONE, "逾期未报", Ledger.Outcome.PENDING,
            "未到期");

    /** One row per unit; a byte-order mark first so that spreadsheet programs read the Chinese names as UTF-8. */
    static String csv(LedgerView ledger) {
        StringBuilder out = new StringBuilder("\uFEFF");
        out.append("department,name,total,onTime,late,notDone,pending,onTimeRate\r\n");
        for (Ledger.Row r : ledger.departments()) {
            out.append(cell(r.department())).append(',').append(cell(r.name())).append(',').append(r.total()).append(',')
                    .append(r.onTime()).append(',').append(r.late()).append(',').append(r.notDone()).append(',')
                    .append(r.pending()).append(',').append(r.onTimeRate() == null ? "" : r.onTimeRate().toPlainString())
                    .append("\r\n");
        }
        return out.toString();
    }

    static String cell(String value) {
        if (value == null) {
            return "";
        }
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
