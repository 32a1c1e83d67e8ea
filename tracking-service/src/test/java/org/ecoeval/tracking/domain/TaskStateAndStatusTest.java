package org.ecoeval.tracking.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class TaskStateAndStatusTest {
    private static final Instant DUE = Instant.parse("2024-10-20T16:00:00Z");
    private static final Duration WINDOW = Duration.ofDays(3);

    @Test
    void open_due_soon_and_overdue_follow_the_clock_until_a_submission_decides() {
        assertThat(TaskState.derive(null, DUE, WINDOW, DUE.minus(Duration.ofDays(4)))).isEqualTo(TaskState.OPEN);
        assertThat(TaskState.derive(null, DUE, WINDOW, DUE.minus(WINDOW))).isEqualTo(TaskState.DUE_SOON);
        assertThat(TaskState.derive(null, DUE, WINDOW, DUE.minusMillis(1))).isEqualTo(TaskState.DUE_SOON);
        assertThat(TaskState.derive(null, DUE, WINDOW, DUE)).isEqualTo(TaskState.OVERDUE);
        assertThat(TaskState.derive(null, DUE, Duration.ZERO, DUE.minusMillis(1))).isEqualTo(TaskState.OPEN);
        assertThat(TaskState.derive("SUBMITTED", DUE, WINDOW, DUE.plusSeconds(9))).isEqualTo(TaskState.SUBMITTED);
        assertThat(TaskState.derive("ACCEPTED", DUE, WINDOW, DUE)).isEqualTo(TaskState.ACCEPTED);
        assertThat(TaskState.derive("RETURNED", DUE, WINDOW, DUE)).isEqualTo(TaskState.RETURNED);
        assertThat(TaskState.handedIn("RETURNED")).isFalse();
    }

    private static InstanceSnapshot i(String id, String unit, Instant due, String status, boolean late) {
        return new InstanceSnapshot(id, id, unit, id, due, status, status == null ? null : due.minusSeconds(60), late, null);
    }

    @Test
    void status_counts_per_unit_and_for_the_county() {
        Instant now = DUE.plusSeconds(1);
        StatusCalculator.Status s = StatusCalculator.compute("克什克腾旗",
                List.of(new StatusCalculator.Unit("FIN", "旗财政局"), new StatusCalculator.Unit("EEB", "分局"),
                        new StatusCalculator.Unit("WOMEN", "旗妇联")),
                List.of(i("A", "FIN", DUE, "ACCEPTED", false), i("B", "FIN", DUE, "SUBMITTED", true),
                        i("C", "FIN", DUE, null, false), i("D", "FIN", DUE.plusSeconds(86400), "RETURNED", false),
                        i("E", "EEB", DUE.plusSeconds(3600), null, false)),
                now);
        StatusCalculator.Row fin = s.departments().get(0);
        assertThat(fin.total()).isEqualTo(4);
        assertThat(fin.submitted()).isEqualTo(2);
        assertThat(fin.accepted()).isEqualTo(1);
        assertThat(fin.returned()).isEqualTo(1);
        assertThat(fin.onTime()).isEqualTo(1);
        assertThat(fin.late()).isEqualTo(1);
        assertThat(fin.overdue()).isEqualTo(1);
        assertThat(fin.completion()).isEqualByComparingTo(new BigDecimal("0.5"));
        assertThat(fin.onTimeRate()).isEqualByComparingTo(new BigDecimal("0.5"));
        assertThat(fin.nextDueAt()).isEqualTo(DUE.plusSeconds(86400));
        StatusCalculator.Row women = s.departments().get(2);
        assertThat(women.total()).isZero();
        assertThat(women.completion()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(women.onTimeRate()).isNull();
        assertThat(s.totals().name()).isEqualTo("克什克腾旗");
        assertThat(s.totals().total()).isEqualTo(5);
        assertThat(s.totals().completion()).isEqualByComparingTo(new BigDecimal("0.4"));
        assertThat(s.totals().nextDueAt()).isEqualTo(DUE.plusSeconds(3600));
    }
}
