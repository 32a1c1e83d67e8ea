package org.ecoeval.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Latency samples in nanoseconds, and their percentiles in milliseconds. */
final class Stats {
    private final List<Long> samples = Collections.synchronizedList(new ArrayList<>());

    void add(long nanos) {
        samples.add(nanos);
    }

    int count() {
        return samples.size();
    }

    double percentileMillis(double p) {
        List<Long> sorted;
        synchronized (samples) {
            sorted = new ArrayList<>(samples);
        }
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1_000_000.0;
    }
}
