package org.ecoeval.scoring.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.ecoeval.contracts.IndicatorCatalogue;
import org.ecoeval.contracts.Methodologies;
import org.ecoeval.contracts.SubmissionContent.Severity;

/**
 * Every number of one methodology version (immutable). The structure of the ΔEI computation is fixed in
 * {@link DeltaEiEngine}; the numbers come from the versioned data file
 * {@code org/ecoeval/contracts/methodology/<version>.json} read by {@link MethodologyFile}. Each
 * {@link ParameterGroup} carries its {@link ParameterStatus}.
 */
public record Methodology(String version, Ecological ecological, Environmental environmental, Technical technical,
        Management management, RemoteSensing remoteSensing, Events events, Grading grading, EqiClasses eqiClasses,
        Map<ParameterGroup, ParameterStatus> statuses) {

    private static final Map<String, Methodology> CACHE = new ConcurrentHashMap<>();

    /** One weighted term of a difference: ΔX = Σ weight·(N(x_e) − N(x_c)). */
    public record WeightedTerm(String indicator, BigDecimal weight, Normalisation normalisation) {
        public WeightedTerm {
            Objects.requireNonNull(indicator, "indicator");
            Objects.requireNonNull(weight, "weight");
            Objects.requireNonNull(normalisation, "normalisation");
        }
    }

    /** ΔEQI: the whole index when present in both years, otherwise the weighted sub-indices. */
    public record Ecological(String wholeIndex, List<WeightedTerm> subIndices) {
        public Ecological {
            Objects.requireNonNull(wholeIndex, "wholeIndex");
            subIndices = List.copyOf(subIndices);
        }
    }

    /** ΔEnv: the weighted, normalised environmental indicators. */
    public record Environmental(List<WeightedTerm> terms) {
        public Environmental {
            terms = List.copyOf(terms);
        }
    }

    /** ΔEI′ = ecologicalWeight·ΔEQI + environmentalWeight·ΔEnv. */
    public record Technical(BigDecimal ecologicalWeight, BigDecimal environmentalWeight) {
        public Technical {
            Objects.requireNonNull(ecologicalWeight, "ecologicalWeight");
            Objects.requireNonNull(environmentalWeight, "environmentalWeight");
        }
    }

    /**
     * EM′管理 = clamp(scale · Σ_c weight_c · mean_c, range); mean_c over the catalogue's items of category c, an
     * item never scored counting {@code unscoredItemScore}. {@code categoryWeights} keeps the file's order.
     */
    public record Management(BigDecimal scale, BigDecimal unscoredItemScore, Map<String, BigDecimal> categoryWeights,
            Range range) {
        public Management {
            Objects.requireNonNull(scale, "scale");
            Objects.requireNonNull(unscoredItemScore, "unscoredItemScore");
            Objects.requireNonNull(range, "range");
            categoryWeights = Collections.unmodifiableMap(new LinkedHashMap<>(categoryWeights));
        }
    }

    /** EM′遥感 = clamp(Σ ±min(capPerPatch, perKm2·area), range) over verified (or all, if countUnverified) patches. */
    public record RemoteSensing(BigDecimal perKm2, BigDecimal capPerPatch, boolean countUnverified, Range range) {
        public RemoteSensing {
            Objects.requireNonNull(perKm2, "perKm2");
            Objects.requireNonNull(capPerPatch, "capPerPatch");
            Objects.requireNonNull(range, "range");
        }
    }

    /** A deduction (≤ 0) and whether the event vetoes the evaluation. */
    public record Deduction(BigDecimal amount, boolean veto) {
        public Deduction {
            Objects.requireNonNull(amount, "amount");
        }
    }

    /** EM′事件 = clamp(Σ deductions, range); any veto event forces {@code vetoGrade}. */
    public record Events(Map<Severity, Deduction> emergency, Deduction ecologicalProblem, String vetoGrade,
            Range range) {
        public Events {
            Objects.requireNonNull(ecologicalProblem, "ecologicalProblem");
            Objects.requireNonNull(vetoGrade, "vetoGrade");
            Objects.requireNonNull(range, "range");
            EnumMap<Severity, Deduction> copy = new EnumMap<>(Severity.class);
            copy.putAll(emergency);
            for (Severity s : Severity.values()) {
                if (!copy.containsKey(s)) {
                    throw new IllegalArgumentException("no deduction for environmental emergencies of severity " + s);
                }
            }
            emergency = Collections.unmodifiableMap(copy);
        }
    }

    /** Rounding of ΔEI for display and grade, the grade bands (on the rounded value) and the roll-up. */
    public record Grading(int scale, RoundingMode mode, List<Band> bands, List<String> rollupNames,
            Map<String, String> rollupByGrade) {
        public Grading {
            Objects.requireNonNull(mode, "mode");
            bands = List.copyOf(bands);
            rollupNames = List.copyOf(rollupNames);
            rollupByGrade = Collections.unmodifiableMap(new LinkedHashMap<>(rollupByGrade));
            requireContiguous("grading.bands", bands);
            for (Band b : bands) {
                String r = rollupByGrade.get(b.name());
                if (r == null || !rollupNames.contains(r)) {
                    throw new IllegalArgumentException("grade " + b.name() + " has no roll-up among " + rollupNames);
                }
            }
        }

        public BigDecimal round(BigDecimal value) {
            return value.setScale(scale, mode);
        }

        /** The band containing {@code rounded} (the caller rounds first). */
        public String grade(BigDecimal rounded) {
            return classify(bands, rounded);
        }

        public String rollup(String grade) {
            return rollupByGrade.get(grade);
        }

        public boolean isGrade(String name) {
            return bands.stream().anyMatch(b -> b.name().equals(name));
        }
    }

    /** EQI classes of the evaluation year (classified on the EQI rounded as the grade is). */
    public record EqiClasses(List<Band> classes) {
        public EqiClasses {
            classes = List.copyOf(classes);
            requireContiguous("eqiClass.classes", classes);
        }
    }

    public Methodology {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(ecological, "ecological");
        Objects.requireNonNull(environmental, "environmental");
        Objects.requireNonNull(technical, "technical");
        Objects.requireNonNull(management, "management");
        Objects.requireNonNull(remoteSensing, "remoteSensing");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(grading, "grading");
        Objects.requireNonNull(eqiClasses, "eqiClasses");
        EnumMap<ParameterGroup, ParameterStatus> copy = new EnumMap<>(ParameterGroup.class);
        copy.putAll(statuses);
        for (ParameterGroup g : ParameterGroup.values()) {
            if (!copy.containsKey(g)) {
                throw new IllegalArgumentException("methodology " + version + ": no status for " + g.key());
            }
        }
        statuses = Collections.unmodifiableMap(copy);
        if (!grading.isGrade(events.vetoGrade())) {
            throw new IllegalArgumentException("veto grade " + events.vetoGrade() + " is not a grade");
        }
        requireIndicator(ecological.wholeIndex());
        ecological.subIndices().forEach(t -> requireIndicator(t.indicator()));
        environmental.terms().forEach(t -> requireIndicator(t.indicator()));
        for (String category : management.categoryWeights().keySet()) {
            if (!IndicatorCatalogue.managementCategories().contains(category)) {
                throw new IllegalArgumentException("unknown management category " + category);
            }
        }
    }

    /** The methodology of a known version (see {@link Methodologies#versions()}); loaded once, then cached. */
    public static Methodology load(String version) {
        return CACHE.computeIfAbsent(version, v -> {
            try (InputStream in = Methodologies.open(v).orElseThrow(
                    () -> new IllegalArgumentException("unknown methodology version '" + v + "'"))) {
                return MethodologyFile.read(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The default version ({@value Methodologies#DEFAULT_VERSION}). */
    public static Methodology defaultMethodology() {
        return load(Methodologies.DEFAULT_VERSION);
    }

    public ParameterStatus status(ParameterGroup group) {
        return statuses.get(group);
    }

    static String classify(List<Band> bands, BigDecimal value) {
        for (Band b : bands) {
            if (b.contains(value)) {
                return b.name();
            }
        }
        throw new IllegalStateException("no band contains " + value); // unreachable: bands are contiguous
    }

    /**
     * Bands listed from the highest down must cover the whole line without gap or overlap: the first unbounded
     * above, the last unbounded below, and each band's lower bound equal to the next one's upper bound with
     * exactly one of the two inclusive.
     */
    static void requireContiguous(String what, List<Band> bands) {
        if (bands.isEmpty()) {
            throw new IllegalArgumentException(what + ": no bands");
        }
        if (bands.get(0).max() != null || bands.get(bands.size() - 1).min() != null) {
            throw new IllegalArgumentException(what + ": the first band must be unbounded above and the last unbounded below");
        }
        for (int i = 0; i + 1 < bands.size(); i++) {
            Band upper = bands.get(i);
            Band lower = bands.get(i + 1);
            if (upper.min() == null || lower.max() == null || upper.min().compareTo(lower.max()) != 0
                    || upper.minInclusive() == lower.maxInclusive()) {
                throw new IllegalArgumentException(what + ": bands " + upper.name() + " and " + lower.name()
                        + " must meet at one bound, inclusive on exactly one side");
            }
        }
    }

    private static void requireIndicator(String code) {
        if (IndicatorCatalogue.indicator(code).isEmpty()) {
            throw new IllegalArgumentException("unknown indicator " + code);
        }
    }
}
