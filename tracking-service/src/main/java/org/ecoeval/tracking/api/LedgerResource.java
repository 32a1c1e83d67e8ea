package org.ecoeval.tracking.api;

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
    @Produces({ MediaType.APPLICATION_JSON, CSV })
    @RolesAllowed({ Roles.BUREAU, Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "Per unit: tasks on time, late, never done, pending, with each task's outcome; "
            + "CSV (UTF-8, one row per unit) with Accept: text/csv or ?format=csv, JSON otherwise")
    public Response ledger(@PathParam("evaluationId") String evaluationId, @QueryParam("format") String format,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        LedgerView ledger = compute(evaluationId);
        boolean csv = format != null ? "csv".equalsIgnoreCase(format.strip())
                : accept != null && accept.contains(CSV) && !accept.contains(MediaType.APPLICATION_JSON);
        if (format != null && !csv && !"json".equalsIgnoreCase(format.strip())) {
            throw ProblemException.badRequest("format", "one-of", "format must be json or csv");
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
