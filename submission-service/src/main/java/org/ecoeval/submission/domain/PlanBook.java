package org.ecoeval.submission.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.ecoeval.contracts.EvaluationId;
import org.ecoeval.contracts.Plan;
import org.ecoeval.contracts.PlanPublished;
import org.ecoeval.messaging.PlanVersions;
import org.ecoeval.contracts.TaskInstance;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The plans this service keeps: the latest version per evaluation, from {@code eco.plans}. */
@ApplicationScoped
public class PlanBook {
    private static final Logger LOG = Logger.getLogger(PlanBook.class);
    private static final TypeReference<List<TaskInstance>> INSTANCES = new TypeReference<>() {
    };

    @Inject
    ObjectMapper mapper;

    @Inject
    EntityManager em;

    @Inject
    PlanVersions planVersions;

    /** Parsed plans by evaluation and version; a version's content never changes. */
    private final ConcurrentHashMap<String, KeptPlan> parsed = new ConcurrentHashMap<>();

    /**
     * Applies a plan event in a transaction of its own: the messaging module's {@link PlanVersions} claims it and
     * decides whether it is newer than the kept version (the rule scoring-service follows too); a newer one replaces
     * this service's copy.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public PlanVersions.Outcome apply(PlanPublished event) {
        return planVersions.apply(event, this::keep);
    }

    private void keep(PlanPublished event, String eventKey) {
        String plan;
        String instances;
        try {
            plan = mapper.writeValueAsString(event.plan());
            instances = mapper.writeValueAsString(event.instances());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise the plan", e);
        }
        em.createNativeQuery("""
                insert into plan_copy (evaluation_id, county_code, plan_version, plan_json, instances_json,
                                       published_at, received_at)
                values (:id, :county, :version, :plan, :instances, :publishedAt, :receivedAt)
                on conflict (evaluation_id) do update set
                    county_code = excluded.county_code, plan_version = excluded.plan_version,
                    plan_json = excluded.plan_json, instances_json = excluded.instances_json,
                    published_at = excluded.published_at, received_at = excluded.received_at
                """)
                .setParameter("id", event.evaluationId())
                .setParameter("county", EvaluationId.parse(event.evaluationId()).countyCode())
                .setParameter("version", event.planVersion())
                .setParameter("plan", plan)
                .setParameter("instances", instances)
                .setParameter("publishedAt", event.publishedAt())
                .setParameter("receivedAt", Instant.now())
                .executeUpdate();
        LOG.infof("plan %s version %d kept (%d task instances)", event.evaluationId(), event.planVersion(),
                event.instances().size());
    }

    /**
     * The kept plan of an evaluation, if any. Only the kept version number is read on every call; the plan itself
     * (hundreds of kilobytes for a county of twenty units) is read and parsed once per version.
     */
    @Transactional
    public Optional<KeptPlan> find(String evaluationId) {
        return at(evaluationId, version(evaluationId));
    }

    /**
     * The kept plan of an evaluation whose kept version the caller has just read ({@code version}, 0 for none), as
     * intake reads it together with the evidence files: no statement when that version is parsed already.
     */
    @Transactional
    public Optional<KeptPlan> at(String evaluationId, int version) {
        if (version == 0) {
            return Optional.empty();
        }
        KeptPlan cached = parsed.get(evaluationId + "@" + version);
        if (cached != null) {
            return Optional.of(cached);
        }
        PlanCopy copy = PlanCopy.findById(evaluationId);
        if (copy == null) {
            return Optional.empty();
        }
        String key = copy.evaluationId + "@" + copy.planVersion;
        KeptPlan plan = parsed.computeIfAbsent(key, k -> parse(copy));
        parsed.keySet().removeIf(k -> k.startsWith(evaluationId + "@") && !k.equals(key)); // older versions
        return Optional.of(plan);
    }

    /** The kept plan version of an evaluation, or 0. */
    @Transactional
    public int version(String evaluationId) {
        if (!EvaluationId.isWellFormed(evaluationId)) {
            return 0;
        }
        List<?> versions = em.createNativeQuery("select plan_version from plan_copy where evaluation_id = :id")
                .setParameter("id", evaluationId).getResultList();
        return versions.isEmpty() ? 0 : ((Number) versions.get(0)).intValue();
    }

    private KeptPlan parse(PlanCopy copy) {
        try {
            Plan plan = mapper.readValue(copy.planJson, Plan.class);
            List<TaskInstance> instances = mapper.readValue(copy.instancesJson, INSTANCES);
            return new KeptPlan(copy.evaluationId, copy.countyCode, copy.planVersion, plan, instances);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored plan of " + copy.evaluationId + " cannot be read", e);
        }
    }
}
