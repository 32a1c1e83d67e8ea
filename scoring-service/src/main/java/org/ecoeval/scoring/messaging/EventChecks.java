package org.ecoeval.scoring.messaging;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ecoeval.contracts.EvaluationId;
import org.ecoeval.contracts.IndicatorCatalogue;
import org.ecoeval.contracts.SubmissionContent.EnvironmentalEvent;
import org.ecoeval.contracts.SubmissionContent.EventKind;
import org.ecoeval.contracts.SubmissionContent.IndicatorValue;
import org.ecoeval.contracts.SubmissionContent.Patch;
import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.messaging.PoisonRecordException;

/**
 * What a record must satisfy to be applied. A record breaking any of these rules can never be applied, however
 * often it is retried: it is treated like an unparsable one and goes to the dead-letter topic.
 */
final class EventChecks {

    static void check(SubmissionEvent e) {
        List<String> broken = new ArrayList<>();
        if (blank(e.eventId())) {
            broken.add("eventId missing");
        }
        if (e.type() == null) {
            broken.add("type missing");
        }
        if (blank(e.submissionId())) {
            broken.add("submissionId missing");
        }
        if (!EvaluationId.isWellFormed(e.evaluationId())) {
            broken.add("evaluationId not {county}-{year}: " + e.evaluationId());
        }
        if (e.version() < 1) {
            broken.add("version must be ≥ 1");
        }
        if (e.status() == null) {
            broken.add("status missing");
        }
        if (e.time() == null) {
            broken.add("time missing");
        }
        if (e.values() != null) {
            for (IndicatorValue v : e.values()) {
                if (v == null || v.value() == null || IndicatorCatalogue.indicator(v.indicator()).isEmpty()) {
                    broken.add("value without a known indicator or a number: " + v);
                } else if (!IndicatorCatalogue.indicator(v.indicator()).get().admits(v.value())) {
                    broken.add(v.indicator() + " value " + v.value() + " out of range");
                }
            }
        }
        if (e.patches() != null) {
            Set<String> ids = new HashSet<>();
            for (Patch p : e.patches()) {
                if (p == null || blank(p.patchId()) || p.direction() == null || p.areaKm2() == null
                        || p.areaKm2().signum() <= 0) {
                    broken.add("patch needs an id, a direction and an area > 0: " + p);
                } else if (!ids.add(p.patchId())) {
                    broken.add("patch " + p.patchId() + " given twice");
                }
            }
        }
        if (e.events() != null) {
            Set<String> ids = new HashSet<>();
            for (EnvironmentalEvent ev : e.events()) {
                if (ev == null || blank(ev.eventId()) || ev.kind() == null
                        || ev.kind() == EventKind.ENVIRONMENTAL_EMERGENCY && ev.severity() == null) {
                    broken.add("event needs an id, a kind and (emergencies) a severity: " + ev);
                } else if (!ids.add(ev.eventId())) {
                    broken.add("event " + ev.eventId() + " given twice");
                }
            }
        }
        if (e.managementScores() != null) {
            for (Map.Entry<String, BigDecimal> s : e.managementScores().entrySet()) {
                BigDecimal v = s.getValue();
                if (IndicatorCatalogue.managementItem(s.getKey()).isEmpty() || v == null
                        || v.compareTo(IndicatorCatalogue.MANAGEMENT_SCORE_MIN) < 0
                        || v.compareTo(IndicatorCatalogue.MANAGEMENT_SCORE_MAX) > 0) {
                    broken.add("management score " + s.getKey() + "=" + v + " unknown item or outside [-1, 1]");
                }
            }
        }
        if (!broken.isEmpty()) {
            throw new PoisonRecordException(String.join("; ", broken));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private EventChecks() {
    }
}
