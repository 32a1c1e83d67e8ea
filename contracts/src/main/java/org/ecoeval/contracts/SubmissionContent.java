package org.ecoeval.contracts;

import java.math.BigDecimal;
import java.time.LocalDate;

/** The parts a submission may carry: indicator values, remote-sensing patches, environmental events. */
public final class SubmissionContent {

    /** A measured value of one indicator for one year, kept as exact decimal text. */
    public record IndicatorValue(String indicator, int year, BigDecimal value) {
    }

    public enum PatchDirection { IMPROVED, DEGRADED }

    /** A patch of the detailed survey of natural ecological change (局部自然生态变化详查). */
    public record Patch(String patchId, BigDecimal areaKm2, PatchDirection direction, String changeType,
            boolean verified) {
    }

    public enum EventKind { ENVIRONMENTAL_EMERGENCY, ECOLOGICAL_PROBLEM }

    /** 特别重大 / 重大 / 较大 / 一般; ecological problems carry none. */
    public enum Severity { EXTRAORDINARY, MAJOR, LARGE, GENERAL }

    /** A sudden environmental event or a prominent ecological problem of the evaluation year. */
    public record EnvironmentalEvent(String eventId, EventKind kind, Severity severity, LocalDate occurredOn) {
    }

    private SubmissionContent() {
    }
}
