package org.ecoeval.tracking.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.ecoeval.contracts.EvaluationId;
import org.ecoeval.contracts.Plan;
import org.ecoeval.contracts.PlanPublished;
import org.ecoeval.contracts.TaskInstance;
import org.ecoeval.contracts.Topics;
import org.ecoeval.messaging.Outbox;
import org.ecoeval.messaging.OutboxMessage;
import org.ecoeval.platform.problem.ProblemException;
import org.ecoeval.platform.problem.Violation;
import org.ecoeval.tracking.persistence.PlanStore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Registers plan versions: validates, stores the version (webhook secrets apart from the public JSON),
 * expands and stores the task instances, and writes {@code PlanPublished} to the outbox, all in one
 * transaction. Registering the same plan again (a client retry) changes nothing and answers the current
 * version.
 */
@ApplicationScoped
public class PlanService {

    /** The current plan of an evaluation, secrets included (for signing; never returned as such). */
    public record CurrentPlan(String evaluationId, int version, Plan plan, List<TaskInstance> instances,
            Instant registeredAt, String registeredBy) {

        public EscalationPolicy policy() {
            return EscalationPolicy.of(plan);
        }
    }

    /** {@code warnings}: what the plan allows but is probably wrong ({@link PlanWarnings}). */
    public record Registration(CurrentPlan current, boolean created, boolean changed, List<PlanWarnings.Warning> warnings) {
    }

    @Inject
    PlanStore plans;

    @Inject
    Outbox outbox;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    @Inject
    WorkingCalendars calendars;

    @Inject
    WebhookPolicy webhooks;

    private final Map<String, CurrentPlan> cache = new ConcurrentHashMap<>();

    @Transactional
    public Registration register(String evaluationId, Plan plan, String registeredBy) {
        List<Violation> violations = new ArrayList<>(PlanValidator.validate(evaluationId, plan));
        violations.addAll(webhooks.violations(plan)); // no webhook into the county's own network (SSRF)
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        Instant now = clock.instant();
        EvaluationId id = EvaluationId.parse(evaluationId);
        PlanStore.EvaluationRow evaluation = plans.lockOrCreate(evaluationId, id.countyCode(), id.year(),
                plan.timeZone(), now);

        String publicJson = json(plan);
        String secretsJson = json(secretsOf(plan));
        String fingerprint = sha256(publicJson + "\n" + secretsJson);
        if (evaluation.currentVersion() > 0) {
            PlanStore.PlanVersionRow current = plans.version(evaluationId, evaluation.currentVersion()).orElseThrow();
            if (current.fingerprint().equals(fingerprint)) {
                CurrentPlan same = load(current);
                return new Registration(same, false, false,
                        PlanWarnings.of(plan, same.instances(), calendars.current()));
            }
        }

        int version = evaluation.currentVersion() + 1;
        PlanStore.PlanVersionRow row = new PlanStore.PlanVersionRow(evaluationId, version, publicJson, secretsJson,
                fingerprint, now, registeredBy);
        plans.insertVersion(row);
        plans.setCurrentVersion(evaluationId, version, plan.timeZone(), now);

        WorkingCalendar calendar = calendars.current();
        List<TaskInstance> instances = DeadlineCalendar.expand(plan, calendar);
        EscalationPolicy policy = EscalationPolicy.of(plan, calendar);
        for (TaskInstance instance : instances) {
            plans.upsertInstance(evaluationId, instance, version,
                    EscalationLadder.firstStepAt(policy, instance.dueAt()).orElse(null));
        }
        plans.deactivateOlderThan(evaluationId, version);

        String eventId = UUID.randomUUID().toString();
        outbox.append(new OutboxMessage(Topics.PLANS, evaluationId, eventId, PlanPublished.TYPE,
                json(new PlanPublished(eventId, evaluationId, version, plan, instances, now))));
        CurrentPlan current = new CurrentPlan(evaluationId, version, plan, instances, now, registeredBy);
        return new Registration(current, version == 1, true, PlanWarnings.of(plan, instances, calendar));
    }

    /** The plan's ladder, counting working days of the calendar as it stands when the plan asks for that. */
    public EscalationPolicy policy(CurrentPlan current) {
        return EscalationPolicy.of(current.plan(), calendars.current());
    }

    /** The current plan, if one is registered. */
    public Optional<CurrentPlan> current(String evaluationId) {
        return plans.evaluation(evaluationId)
                .flatMap(e -> {
                    CurrentPlan cached = cache.get(evaluationId);
                    if (cached != null && cached.version() == e.currentVersion()) {
                        return Optional.of(cached);
                    }
                    return plans.version(evaluationId, e.currentVersion()).map(this::load);
                });
    }

    private CurrentPlan load(PlanStore.PlanVersionRow row) {
        CurrentPlan cached = cache.get(row.evaluationId());
        if (cached != null && cached.version() == row.version()) {
            return cached;
        }
        try {
            Plan plan = mapper.readValue(row.planJson(), Plan.class);
            List<String> secrets = mapper.readValue(row.webhookSecrets(), new TypeReference<List<String>>() {
            });
            plan = withSecrets(plan, secrets);
            CurrentPlan current = new CurrentPlan(row.evaluationId(), row.version(), plan,
                    DeadlineCalendar.expand(plan, calendars.current()), row.registeredAt(), row.registeredBy());
            cache.merge(row.evaluationId(), current, (a, b) -> a.version() >= b.version() ? a : b);
            return current;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored plan " + row.evaluationId() + " v" + row.version()
                    + " cannot be read", e);
        }
    }

    private static List<String> secretsOf(Plan plan) {
        List<String> secrets = new ArrayList<>();
        if (plan.supervisors() != null) {
            plan.supervisors().forEach(s -> secrets.add(s.webhookSecret()));
        }
        return secrets;
    }

    private static Plan withSecrets(Plan plan, List<String> secrets) {
        if (plan.supervisors() == null) {
            return plan;
        }
        List<Plan.Supervisor> supervisors = new ArrayList<>();
        for (int i = 0; i < plan.supervisors().size(); i++) {
            Plan.Supervisor s = plan.supervisors().get(i);
            supervisors.add(new Plan.Supervisor(s.name(), s.email(), s.webhookUrl(),
                    i < secrets.size() ? secrets.get(i) : null));
        }
        return plan.withSupervisors(supervisors);
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
