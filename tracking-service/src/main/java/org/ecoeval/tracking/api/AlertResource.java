package org.ecoeval.tracking.api;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.ecoeval.contracts.AlertRaised;
import org.ecoeval.contracts.Roles;
import org.ecoeval.platform.problem.ProblemException;
import org.ecoeval.platform.security.Caller;
import org.ecoeval.tracking.persistence.AlertStore;
import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Alerts of an evaluation with their deliveries; supervisors acknowledge them. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    public enum AlertState { OPEN, ACKNOWLEDGED }

    @Inject
    AlertStore alerts;

    @Inject
    Caller caller;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    @GET
    @Path("/evaluations/{evaluationId}/alerts")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.BUREAU, Roles.LEADER, Roles.ADMIN })
    @Operation(operationId = "listAlerts", summary = "Alerts, newest first, with deliveries and every attempt; state OPEN (unacknowledged) or ACKNOWLEDGED")
    @APIResponse(responseCode = "200", description = "The alerts")
    @APIResponse(responseCode = "400", description = "state or level is not one of its values")
    @APIResponse(responseCode = "404", description = "The evaluation is not of the caller's county")
    public List<AlertView> list(@PathParam("evaluationId") String evaluationId, @QueryParam("state") String state,
            @QueryParam("level") String level, @QueryParam("department") String department) {
        caller.requireEvaluation(evaluationId, "evaluation " + evaluationId);
        Boolean acknowledged = null;
        if (state != null && !state.isBlank()) {
            acknowledged = switch (parse(state, AlertState.class, "state")) {
                case OPEN -> false;
                case ACKNOWLEDGED -> true;
            };
        }
        String levelName = level == null || level.isBlank() ? null : parse(level, AlertRaised.Level.class, "level").name();
        List<AlertStore.AlertRow> rows = alerts.alerts(evaluationId, acknowledged, levelName,
                department == null || department.isBlank() ? null : department);
        return views(rows);
    }

    @POST
    @Path("/alerts/{alertId}/acknowledge")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN })
    @Transactional
    @Operation(operationId = "acknowledgeAlert", summary = "Acknowledge an alert (idempotent: a second acknowledgement keeps the first)")
    @APIResponse(responseCode = "200", description = "The alert, acknowledged")
    @APIResponse(responseCode = "404", description = "No such alert in the caller's county")
    public AlertView acknowledge(@PathParam("alertId") String alertId) {
        UUID id;
        try {
            id = UUID.fromString(alertId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("alert " + alertId);
        }
        AlertStore.AlertRow row = alerts.alert(id).filter(a -> caller.seesEvaluation(a.evaluationId()))
                .orElseThrow(() -> ProblemException.notFound("alert " + alertId));
        alerts.acknowledge(id, caller.name(), clock.instant());
        return views(List.of(alerts.alert(id).orElse(row))).get(0);
    }

    private List<AlertView> views(List<AlertStore.AlertRow> rows) {
        Map<UUID, List<AlertStore.DeliveryRow>> deliveries = alerts.deliveries(rows.stream().map(AlertStore.AlertRow::alertId).toList());
        List<Long> deliveryIds = deliveries.values().stream().flatMap(List::stream).map(AlertStore.DeliveryRow::id).toList();
        Map<Long, List<AlertStore.AttemptRow>> attempts = alerts.attempts(deliveryIds);
        return rows.stream().map(a -> new AlertView(a.alertId().toString(), a.evaluationId(), a.instanceId(),
                a.department(), a.level(), a.step(), a.dueAt(), a.raisedAt(), recipients(a.recipients()),
                a.acknowledgedAt(), a.acknowledgedBy(),
                deliveries.getOrDefault(a.alertId(), List.of()).stream().map(d -> new AlertView.Delivery(d.id(),
                        d.channel(), d.target(), d.state(), d.attempts(),
                        "PENDING".equals(d.state()) ? d.nextAttemptAt() : null, d.deliveredAt(), d.lastError(),
                        attempts.getOrDefault(d.id(), List.of()).stream().map(t -> new AlertView.Attempt(t.attempt(),
                                t.attemptedAt(), t.outcome(), t.statusCode(), t.error(), t.durationMs())).toList()))
                        .toList(), a.comment(), a.correction()))
                .toList();
    }

    private List<String> recipients(String json) {
        try {
            return mapper.readValue(json, new TypeReference<List<String>>() {
            });
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    static <E extends Enum<E>> E parse(String text, Class<E> type, String field) {
        try {
            return Enum.valueOf(type, text.strip().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(field, "one-of",
                    field + " must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }
}
