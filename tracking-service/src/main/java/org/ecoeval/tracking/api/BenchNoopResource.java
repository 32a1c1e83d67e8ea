package org.ecoeval.tracking.api;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.ecoeval.contracts.Roles;
import org.ecoeval.platform.problem.ProblemException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The benchmark's polling baseline: an endpoint that does nothing but what every request of this service pays (HTTP,
 * the bearer token's verification, the role check), so that the status figure is compared with the cost of being
 * asked at all. Off (404) unless {@code ecoeval.tracking.bench-noop.enabled}: the local launcher turns it on, a
 * production deployment has no use for it.
 */
@Path("/api/v1/bench/noop")
public class BenchNoopResource {

    @ConfigProperty(name = "ecoeval.tracking.bench-noop.enabled", defaultValue = "false")
    boolean enabled;

    @GET
    @RolesAllowed({ Roles.BUREAU, Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(operationId = "benchNoop", summary = "Benchmark baseline: an authenticated request that does nothing (off unless enabled)")
    @APIResponse(responseCode = "204", description = "Nothing, as fast as an authorised request can be answered")
    @APIResponse(responseCode = "404", description = "The no-op is off (ecoeval.tracking.bench-noop.enabled)")
    public Response noop() {
        if (!enabled) {
            throw ProblemException.notFound("bench no-op (ecoeval.tracking.bench-noop.enabled is false)");
        }
        return Response.noContent().build();
    }
}
