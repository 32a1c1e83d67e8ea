package org.ecoeval.submission.messaging;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ecoeval.contracts.EvaluationId;
import org.ecoeval.contracts.PlanPublished;
import org.ecoeval.contracts.TaskInstance;
import org.ecoeval.messaging.IncomingRecords;
import org.ecoeval.messaging.PoisonRecordException;
import org.ecoeval.submission.domain.PlanBook;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;

/**
 * Keeps the latest plan version of each evaluation from {@code eco.plans}. A record that cannot be read as a
 * {@link PlanPublished} goes to {@code eco.plans.dlq} and the consumer goes on; a database outage is waited out.
 */
@ApplicationScoped
public class PlanConsumer {
    private static final Logger LOG = Logger.getLogger(PlanConsumer.class);

    @Inject
    PlanBook plans;

    @Inject
    IncomingRecords incoming;

    /** Tombstones on the compacted topic carry nothing to keep and are skipped ({@link IncomingRecords}). */
    @Incoming("plans-in")
    @Blocking
    public void onPlan(ConsumerRecord<String, String> record) {
        incoming.handle("plans", record, this::parse, event -> {
            String eventKey = event.eventId() != null && !event.eventId().isBlank() ? event.eventId()
                    : event.evaluationId() + "@" + event.planVersion();
            QuarkusTransaction.requiringNew().run(() -> plans.apply(event, eventKey));
        });
    }

    PlanPublished parse(String value) {
        PlanPublished event = incoming.readJson(value, PlanPublished.class);
        List<String> problems = new ArrayList<>();
        if (!EvaluationId.isWellFormed(event.evaluationId())) {
            problems.add("evaluationId is not {county}-{year}");
        }
        if (event.planVersion() < 1) {
            problems.add("planVersion must be at least 1");
        }
        if (event.plan() == null) {
            problems.add("plan is missing");
        } else {
            if (event.plan().year() == null) {
                problems.add("plan.year is missing");
            } else if (EvaluationId.isWellFormed(event.evaluationId())
                    && EvaluationId.parse(event.evaluationId()).year() != event.plan().year()) {
                problems.add("plan.year differs from the evaluation id");
            }
            if (event.plan().tasks() == null) {
                problems.add("plan.tasks is missing");
            }
        }
        if (event.instances() == null) {
            problems.add("instances are missing");
        } else {
            for (TaskInstance i : event.instances()) {
                if (i == null || i.id() == null || i.department() == null || i.dueAt() == null) {
                    problems.add("every instance needs id, department and dueAt");
                    break;
                }
            }
        }
        if (!problems.isEmpty()) {
            LOG.warnf("unusable PlanPublished record: %s", problems);
            throw new PoisonRecordException(String.join("; ", problems));
        }
        return event;
    }
}
