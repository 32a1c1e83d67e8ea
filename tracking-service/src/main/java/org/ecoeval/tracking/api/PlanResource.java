package org.ecoeval.tracking.api;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.ecoeval.contracts.EvaluationId;
import org.ecoeval.contracts.Plan;
import org.ecoeval.contracts.Roles;
import org.ecoeval.platform.problem.ProblemException;
import org.ecoeval.platform.problem.Violation;
import org.ecoeval.platform.security.Caller;
import org.ecoeval.tracking.domain.PlanPrivacy;
import org.ecoeval.tracking.domain.PlanService;
import org.ecoeval.tracking.domain.PlanWarnings;
import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** Register (PUT) and read (GET) an evaluation's plan. */
@Path("/api/v1/evaluations/{evaluationId}/plan")
@Produces(MediaType.APPLICATION_JSON)
public class PlanResource {
    static final String YAML = "application/yaml";

    private static final ObjectMapper YAML_MAPPER = new ObjectMapper(new YAMLFactory()).findAndRegisterModules()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Inject
    PlanService plans;

    @Inject
    Caller caller;

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.BUREAU, Roles.ADMIN })
    @Operation(operationId = "registerPlan", summary = "Register or replace the plan (JSON); 201 for the first version, 200 after")
    @APIResponse(responseCode = "201", description = "The first version of the plan, with its warnings",
            headers = @Header(name = "Location", description = "The plan", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PlanView.class)))
    @APIResponse(responseCode = "200", description = "A new version of the plan, with its warnings",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PlanView.class)))
    @APIResponse(responseCode = "400", description = "The body is not readable JSON or YAML for a plan")
    @APIResponse(responseCode = "404", description = "The evaluation is not of the caller's county")
    @APIResponse(responseCode = "422", description = "The plan breaks its rules (evaluationId format, tasks, units, due dates, webhook addresses...): every violation names its field and rule")
    @RequestBody(required = true, content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = Plan.class),
            examples = @ExampleObject(name = "hexigten-2024", ref = "hexigten-2024-plan")))
    public Response put(@PathParam("evaluationId") String evaluationId, Plan plan) {
        return register(evaluationId, plan);
    }

    @PUT
    @Consumes({ YAML, "application/x-yaml", "text/yaml" })
    @RolesAllowed({ Roles.BUREAU, Roles.ADMIN })
    @Operation(operationId = "registerPlan", summary = "Register or replace the plan (YAML, same fields as JSON)")
    public Response putYaml(@PathParam("evaluationId") String evaluationId, String body) {
        Plan plan;
        try {
            plan = body == null || body.isBlank() ? null : YAML_MAPPER.readValue(body, Plan.class);
        } catch (JsonProcessingException e) {
            String message = "the body is not readable YAML for a plan: " + e.getOriginalMessage();
            throw ProblemException.badRequest("$", "yaml", message);
        }
        return register(evaluationId, plan);
    }

    private Response register(String evaluationId, Plan plan) {
        if (!EvaluationId.isWellFormed(evaluationId)) {
            throw ProblemException.invalid(List.of(new Violation("evaluationId", "format",
                    "the evaluation id must be {6-digit county code}-{year}, e.g. 150425-2024")));
        }
        caller.requireEvaluation(evaluationId, "evaluation " + evaluationId);
        PlanService.Registration r = plans.register(evaluationId, plan, caller.name());
        Response.ResponseBuilder response = Response.status(r.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(view(r.current(), r.warnings()));
        if (r.created()) {
            response.location(java.net.URI.create("/api/v1/evaluations/" + evaluationId + "/plan"));
        }
        return response.build();
    }

    @GET
    @RolesAllowed({ Roles.DEPARTMENT, Roles.UNIT_HEAD, Roles.BUREAU, Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN })
    @Operation(operationId = "getPlan", summary = "The current plan of the evaluation (webhook secrets are never returned)")
    @APIResponse(responseCode = "200", description = "The current plan (a unit sees its own tasks)")
    @APIResponse(responseCode = "404", description = "No plan of this evaluation in the caller's county")
    public PlanView get(@PathParam("evaluationId") String evaluationId) {
        caller.requireEvaluation(evaluationId, "plan of " + evaluationId);
        PlanService.CurrentPlan p = plans.current(evaluationId)
                .orElseThrow(() -> ProblemException.notFound("plan of " + evaluationId));
        Plan shown = caller.isUnitScoped() ? PlanPrivacy.forUnit(p.plan(), caller.requireDepartment()) : p.plan();
        return new PlanView(p.evaluationId(), p.version(), p.registeredAt(), p.registeredBy(), shown, p.instances(),
                null);
    }

    static PlanView view(PlanService.CurrentPlan p, List<PlanWarnings.Warning> warnings) {
        return new PlanView(p.evaluationId(), p.version(), p.registeredAt(), p.registeredBy(), p.plan(), p.instances(),
                warnings);
    }
}
