package org.ecoeval.tracking.dashboard;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.ecoeval.contracts.Roles;
import org.ecoeval.platform.problem.ProblemException;
import org.ecoeval.tracking.api.ReportResource;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The dashboard's buttons for the self-check report: generate and submit (bureau), sign off or return (leader), record
 * that the signed version was sent to the region (bureau). The
 * session cookie authorises changes only here, under {@code /dashboard/api}, and only for a request the page's own
 * script sends: it must carry {@code X-Requested-With} (a cross-site form cannot, and no CORS is allowed), on top of
 * the session cookie's SameSite=Lax. Each action is the contract endpoint's own code ({@link ReportResource}).
 */
@Path("/dashboard/api/evaluations/{evaluationId}/reports")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardReportResource {

    @Inject
    ReportResource reports;

    private static void requireScript(String requestedWith) {
        if (requestedWith == null || requestedWith.isBlank()) {
            throw ProblemException.forbidden("a change from the dashboard must be sent by its script (X-Requested-With)");
        }
    }

    @POST
    @RolesAllowed({ Roles.BUREAU, Roles.ADMIN })
    @Operation(summary = "Dashboard: generate a new version of the self-check report")
    public Response generate(@PathParam("evaluationId") String evaluationId,
            @HeaderParam("X-Requested-With") String requestedWith) {
        requireScript(requestedWith);
        return reports.generate(evaluationId);
    }

    @POST
    @Path("/{version}/submit")
    @RolesAllowed(Roles.BUREAU)
    @Operation(summary = "Dashboard: send a DRAFT version for sign-off")
    public ReportResource.ReportView submit(@PathParam("evaluationId") String evaluationId,
            @PathParam("version") String version, @HeaderParam("X-Requested-With") String requestedWith) {
        requireScript(requestedWith);
        return reports.submit(evaluationId, version);
    }

    @POST
    @Path("/{version}/sign-off")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEADER)
    @Operation(summary = "Dashboard: a leader signs the version off or returns it ({approve, comment})")
    public ReportResource.ReportView signOff(@PathParam("evaluationId") String evaluationId,
            @PathParam("version") String version, @HeaderParam("X-Requested-With") String requestedWith,
            ReportResource.SignOffRequest request) {
        requireScript(requestedWith);
        return reports.signOff(evaluationId, version, request);
    }

    @POST
    @Path("/{version}/sent")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.BUREAU)
    @Operation(summary = "Dashboard: record that a SIGNED version was sent to the region ({sentOn, reference})")
    public ReportResource.ReportView sent(@PathParam("evaluationId") String evaluationId,
            @PathParam("version") String version, @HeaderParam("X-Requested-With") String requestedWith,
            ReportResource.SentRequest request) {
        requireScript(requestedWith);
        return reports.sent(evaluationId, version, request);
    }
}
