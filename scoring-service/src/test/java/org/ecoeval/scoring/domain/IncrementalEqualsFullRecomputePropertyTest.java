package org.ecoeval.scoring.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecoeval.scoring.domain.Fixtures.C;
import static org.ecoeval.scoring.domain.Fixtures.E;
import static org.ecoeval.scoring.domain.Fixtures.ENGINE;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.ecoeval.contracts.Indicator;
import org.ecoeval.contracts.IndicatorCatalogue;
import org.ecoeval.contracts.ManagementItem;
import org.ecoeval.contracts.SubmissionContent.EnvironmentalEvent;
import org.ecoeval.contracts.SubmissionContent.EventKind;
import org.ecoeval.contracts.SubmissionContent.IndicatorValue;
import org.ecoeval.contracts.SubmissionContent.Patch;
import org.ecoeval.contracts.SubmissionContent.PatchDirection;
import org.ecoeval.contracts.SubmissionContent.Severity;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The incremental state equals the full recomputation from the stored inputs, whatever happens: random submissions
 * applied in random order, replaced by newer versions, overtaken by older ones, removed, redelivered.
 */
class IncrementalEqualsFullRecomputePropertyTest {

    sealed interface Op {
    }

    record Apply(SubmissionInputs submission) implements Op {
    }

    record RemoveVersion(String submissionId, int version) implements Op {
    }

    record RemoveAny(String submissionId) implements Op {
    }

    /** The specification of which submissions count, kept as simply as possible. */
    static final class Model {
        final Map<String, SubmissionInputs> counted = new LinkedHashMap<>();
        final Map<String, Integer> removed = new HashMap<>();

        void apply(Op op) {
            if (op instanceof Apply a) {
                SubmissionInputs s = a.submission();
                Integer r = removed.get(s.submissionId());
                SubmissionInputs current = counted.get(s.submissionId());
                if ((r == null || s.version() > r) && (current == null || s.version() >= current.version())) {
                    counted.put(s.submissionId(), s);
                }
            } else if (op instanceof RemoveVersion rv) {
                removed.merge(rv.submissionId(), rv.version(), Math::max);
                SubmissionInputs current = counted.get(rv.submissionId());
                if (current != null && current.version() <= rv.version()) {
                    counted.remove(rv.submissionId());
                }
            } else if (op instanceof RemoveAny ra) {
                counted.remove(ra.submissionId());
            }
        }
    }

    @Property(tries = 300)
    void incremental_result_equals_full_recomputation_after_every_step(@ForAll("operations") List<Op> operations) {
        IncrementalScore score = new IncrementalScore(ENGINE, E, C);
        Model model = new Model();
        for (Op op : operations) {
            model.apply(op);
            if (op instanceof Apply a) {
                score.apply(a.submission());
            } else if (op instanceof RemoveVersion rv) {
                score.remove(rv.submissionId(), rv.version());
            } else if (op instanceof RemoveAny ra) {
                score.remove(ra.submissionId());
            }
            ScoreResult expected = ENGINE.fullRecompute(ScoreInputs.resolve(E, C, model.counted.values()));
            // every decimal of a result is normalised (trailing zeros stripped), so equals is numeric equality
            assertThat(score.result()).isEqualTo(expected);
        }
        assertThat(score.submissions()).containsExactlyInAnyOrderElementsOf(model.counted.values());
        assertEquivalent(score.result(), score.fullRecompute());
    }

    @Property(tries = 200)
    void result_does_not_depend_on_arrival_order_duplicates_or_late_older_versions(
            @ForAll("submissionSets") List<SubmissionInputs> submissions, @ForAll Random random) {
        Map<String, SubmissionInputs> newest = new LinkedHashMap<>();
        for (SubmissionInputs s : submissions) {
            newest.merge(s.submissionId(), s, (a, b) -> b.version() > a.version() ? b : a);
        }
        List<SubmissionInputs> deliveries = new ArrayList<>(submissions);
        for (SubmissionInputs s : submissions) {
            if (random.nextInt(3) == 0) {
                deliveries.add(s); // redelivery
            }
        }
        Collections.shuffle(deliveries, random);

        IncrementalScore score = new IncrementalScore(ENGINE, E, C);
        deliveries.forEach(score::apply);

        assertEquivalent(score.result(), ENGINE.fullRecompute(ScoreInputs.resolve(E, C, newest.values())));
    }

    private static void assertEquivalent(ScoreResult actual, ScoreResult expected) {
        assertThat(actual.deltaEI()).isEqualByComparingTo(expected.deltaEI());
        assertThat(actual).usingRecursiveComparison()
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .isEqualTo(expected);
    }

    // ---- generators ----

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Op> apply = submissionsArbitrary().map(Apply::new);
        Arbitrary<Op> removeVersion = Combinators.combine(ids(), Arbitraries.integers().between(1, 4))
                .as(RemoveVersion::new);
        Arbitrary<Op> removeAny = ids().map(RemoveAny::new);
        return Arbitraries.frequencyOf(Tuple.of(8, apply), Tuple.of(2, removeVersion), Tuple.of(1, removeAny))
                .list().ofMinSize(1).ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<SubmissionInputs>> submissionSets() {
        // one delivery per (id, version), so that "the newest version" is well defined
        return submissionsArbitrary().list().ofMaxSize(25)
                .uniqueElements(s -> s.submissionId() + "#" + s.version());
    }

    private static Arbitrary<String> ids() {
        return Arbitraries.of("s1", "s2", "s3", "s4", "s5", "s6");
    }

    private static Arbitrary<SubmissionInputs> submissionsArbitrary() {
        Arbitrary<Long> times = Arbitraries.longs().between(0, 8); // few distinct times: ties happen
        Arbitrary<Long> reviewTimes = Arbitraries.longs().between(0, 8).injectNull(0.3);
        return Combinators.combine(ids(), Arbitraries.integers().between(1, 4), times, reviewTimes,
                indicatorValue().list().ofMaxSize(8), managementScores(), patch().list().ofMaxSize(4),
                event().list().ofMaxSize(3))
                .as((id, version, at, reviewedAt, values, scores, patches, events) -> new SubmissionInputs(id,
                        version, Fixtures.at(at), reviewedAt == null ? null : Fixtures.at(reviewedAt), values,
                        scores, patches, events));
    }

    private static Arbitrary<IndicatorValue> indicatorValue() {
        List<Indicator> indicators = List.copyOf(IndicatorCatalogue.indicators());
        return Arbitraries.of(indicators).flatMap(ind -> Combinators.combine(Arbitraries.of(E, C),
                Arbitraries.integers().between(0, ind.max().intValueExact() * 100))
                .as((year, hundredths) -> new IndicatorValue(ind.code(), year, BigDecimal.valueOf(hundredths, 2))));
    }

    private static Arbitrary<Map<String, BigDecimal>> managementScores() {
        List<String> items = IndicatorCatalogue.managementItems().stream().map(ManagementItem::code).toList();
        Arbitrary<BigDecimal> scores = Arbitraries.integers().between(-100, 100).map(n -> BigDecimal.valueOf(n, 2));
        return Arbitraries.maps(Arbitraries.of(items), scores).ofMaxSize(6);
    }

    private static Arbitrary<Patch> patch() {
        return Combinators.combine(Arbitraries.of("P1", "P2", "P3", "P4", "P5"),
                Arbitraries.integers().between(1, 6000), Arbitraries.of(PatchDirection.class),
                Arbitraries.of(true, true, false))
                .as((id, thousandths, direction, verified) -> new Patch(id, BigDecimal.valueOf(thousandths, 3),
                        direction, "generated", verified));
    }

    private static Arbitrary<EnvironmentalEvent> event() {
        return Combinators.combine(Arbitraries.of("E1", "E2", "E3", "E4", "E5"), Arbitraries.of(EventKind.class),
                Arbitraries.of(Severity.class).injectNull(0.2))
                .as((id, kind, severity) -> new EnvironmentalEvent(id, kind,
                        kind == EventKind.ENVIRONMENTAL_EMERGENCY && severity == null ? Severity.GENERAL : severity,
                        LocalDate.of(E, 5, 1)));
    }
}
