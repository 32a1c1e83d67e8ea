package org.ecoeval.scoring.service;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;

/**
 * Where the batch path's time goes, step by step: the timer {@code ecoeval.scoring.batch.step} (Prometheus
 * {@code ecoeval_scoring_batch_step_seconds_*}, tag {@code step}). For an operator watching a replay or a recovery,
 * and for the bench, which prints the breakdown after its scale replay. Registered at zero when the service starts.
 */
@ApplicationScoped
public class BatchSteps {
    static final String TIMER = "ecoeval.scoring.batch.step";

    /** The steps of {@link Ingestion}'s batch path, in order. */
    public enum Step {
        /** Create and lock the batch's evaluations. */
        LOCK,
        /** Claim the event ids in the processed-event log. */
        CLAIM,
        /** Read where the submissions stand and the plans. */
        READ,
        /** Fold the events through the engine in memory (building, on first use, an engine state not cached). */
        FOLD,
        /** Write the submissions' new states. */
        WRITE_SUBMISSIONS,
        /** Write the history rows, the score states and the ScoreChanged records. */
        WRITE_SCORES,
        /** The basis, the snapshots, the stale outcomes. */
        SETTLE;

        String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Timer[] timers = new Timer[Step.values().length];

    @Inject
    MeterRegistry registry;

    void registerAtZero(@Observes StartupEvent start) {
        for (Step step : Step.values()) {
            timer(step);
        }
    }

    /** A stopwatch over one batch, started now. */
    public Laps start() {
        return new Laps();
    }

    /** Each {@link #lap} records the time since the previous lap (or the start) under its step. */
    public final class Laps {
        private long at = System.nanoTime();

        private Laps() {
        }

        public void lap(Step step) {
            long now = System.nanoTime();
            timer(step).record(now - at, TimeUnit.NANOSECONDS);
            at = now;
        }
    }

    private Timer timer(Step step) {
        Timer timer = timers[step.ordinal()];
        if (timer == null) {
            timer = Timer.builder(TIMER).tag("step", step.tag())
                    .description("time of one step of the scoring batch path").register(registry);
            timers[step.ordinal()] = timer;
        }
        return timer;
    }
}
