package org.ecoeval.scoring.domain;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ecoeval.contracts.SubmissionContent.Severity;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Reads a methodology data file (JSON) into a {@link Methodology}. The only class of the domain package that
 * knows JSON. Decimal numbers may be JSON strings (preferred: {@code "0.35"}) or JSON numbers; both are read as
 * exact decimals, never through {@code double}. Errors name the missing or malformed field or path.
 */
public final class MethodologyFile {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    public static Methodology read(InputStream in) throws IOException {
        return fromTree(MAPPER.readTree(in));
    }

    public static Methodology parse(String json) throws IOException {
        return fromTree(MAPPER.readTree(json));
    }

    static Methodology fromTree(JsonNode root) {
        String version = text(root, "version");
        Map<ParameterGroup, ParameterStatus> statuses = new EnumMap<>(ParameterGroup.class);
        for (ParameterGroup g : ParameterGroup.values()) {
            statuses.put(g, ParameterStatus.fromLabel(text(at(root, g.key()), "status")));
        }

        JsonNode eco = at(root, "ecologicalChange");
        List<Methodology.WeightedTerm> subIndices = new ArrayList<>();
        for (JsonNode term : array(at(eco, "subIndices"), "terms")) {
            subIndices.add(new Methodology.WeightedTerm(text(term, "indicator"), decimal(term, "weight"),
                    normalisation(at(term, "transform"))));
        }
        Methodology.Ecological ecological = new Methodology.Ecological(text(eco, "wholeIndex"), subIndices);

        JsonNode env = at(root, "environmentalChange");
        Map<String, BigDecimal> envWeights = decimals(at(at(env, "weights"), "values"));
        JsonNode rules = at(at(env, "normalisation"), "rules");
        List<Methodology.WeightedTerm> envTerms = new ArrayList<>();
        envWeights.forEach((code, weight) -> {
            if (!rules.has(code)) {
                throw new IllegalArgumentException("environmentalChange.normalisation.rules: no rule for " + code);
            }
            envTerms.add(new Methodology.WeightedTerm(code, weight, normalisation(rules.get(code))));
        });
        rules.fieldNames().forEachRemaining(code -> {
            if (!envWeights.containsKey(code)) {
                throw new IllegalArgumentException("environmentalChange.weights: no weight for " + code);
            }
        });

        JsonNode tech = at(root, "technical");
        Methodology.Technical technical = new Methodology.Technical(decimal(tech, "ecologicalWeight"),
                decimal(tech, "environmentalWeight"));

        JsonNode mapping = at(root, "management.mapping");
        Methodology.Management management = new Methodology.Management(decimal(mapping, "scale"),
                decimal(mapping, "unscoredItemScore"), decimals(at(mapping, "categories")),
                range(at(root, "management.range")));

        JsonNode rule = at(root, "remoteSensing.rule");
        Methodology.RemoteSensing remoteSensing = new Methodology.RemoteSensing(decimal(rule, "perKm2"),
                decimal(rule, "capPerPatch"), bool(rule, "countUnverified"), range(at(root, "remoteSensing.range")));

        JsonNode table = at(root, "events.table");
        Map<Severity, Methodology.Deduction> emergency = new EnumMap<>(Severity.class);
        JsonNode em = at(table, "environmentalEmergency");
        for (Iterator<String> it = em.fieldNames(); it.hasNext();) {
            String severity = it.next();
            try {
                emergency.put(Severity.valueOf(severity), deduction(em.get(severity)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("events.table.environmentalEmergency: " + e.getMessage(), e);
            }
        }
        Methodology.Events events = new Methodology.Events(emergency, deduction(at(table, "ecologicalProblem")),
                text(table, "vetoGrade"), range(at(root, "events.range")));

        JsonNode roundingNode = at(root, "grading.rounding");
        List<String> rollupNames = new ArrayList<>();
        for (JsonNode n : array(at(root, "grading.rollup.names"), "values")) {
            rollupNames.add(n.asText());
        }
        Map<String, String> rollupByGrade = new LinkedHashMap<>();
        at(root, "grading.rollup.bands.byGrade").fields()
                .forEachRemaining(e -> rollupByGrade.put(e.getKey(), e.getValue().asText()));
        Methodology.Grading grading = new Methodology.Grading(integer(roundingNode, "scale"),
                RoundingMode.valueOf(text(roundingNode, "mode")), bands(at(root, "grading.bands"), "grades"),
                rollupNames, rollupByGrade);

        Methodology.EqiClasses eqiClasses = new Methodology.EqiClasses(bands(at(root, "eqiClass"), "classes"));

        return new Methodology(version, ecological, new Methodology.Environmental(envTerms), technical, management,
                remoteSensing, events, grading, eqiClasses, statuses);
    }

    private static Normalisation normalisation(JsonNode node) {
        String type = text(node, "type");
        return switch (type) {
            case "identity" -> new Normalisation.Identity();
            case "complement" -> new Normalisation.Complement(decimal(node, "of"));
            case "linear-decreasing" -> new Normalisation.LinearDecreasing(decimal(node, "zeroAt"),
                    optionalDecimal(node, "scale", BigDecimal.valueOf(100)),
                    new Range(optionalDecimal(node, "min", BigDecimal.ZERO),
                            optionalDecimal(node, "max", BigDecimal.valueOf(100))));
            default -> throw new IllegalArgumentException("unknown normalisation type '" + type
                    + "' (identity, complement, linear-decreasing)");
        };
    }

    private static Methodology.Deduction deduction(JsonNode node) {
        BigDecimal amount = decimal(node, "deduction");
        if (amount.signum() > 0) {
            throw new IllegalArgumentException("a deduction must not be positive: " + amount);
        }
        return new Methodology.Deduction(amount, node.has("veto") && bool(node, "veto"));
    }

    private static Range range(JsonNode node) {
        return new Range(decimal(node, "min"), decimal(node, "max"));
    }

    private static List<Band> bands(JsonNode parent, String field) {
        List<Band> bands = new ArrayList<>();
        for (JsonNode b : array(parent, field)) {
            BigDecimal min = b.hasNonNull("min") ? decimal(b, "min") : null;
            BigDecimal max = b.hasNonNull("max") ? decimal(b, "max") : null;
            bands.add(new Band(text(b, "name"), min, min != null && bool(b, "minInclusive"), max,
                    max != null && bool(b, "maxInclusive")));
        }
        return bands;
    }

    private static Map<String, BigDecimal> decimals(JsonNode object) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        object.fieldNames().forEachRemaining(k -> out.put(k, decimal(object, k)));
        return out;
    }

    /** The node at a dotted path below {@code node}. */
    private static JsonNode at(JsonNode node, String path) {
        JsonNode current = node;
        for (String part : path.split("\\.")) {
            JsonNode next = current.get(part);
            if (next == null || next.isNull()) {
                throw new IllegalArgumentException("methodology file: missing '" + path + "'");
            }
            current = next;
        }
        return current;
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("methodology file: missing field '" + name + "'");
        }
        return v;
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = field(node, name);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("methodology file: '" + name + "' must be a string");
        }
        return v.asText();
    }

    private static boolean bool(JsonNode node, String name) {
        JsonNode v = field(node, name);
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("methodology file: '" + name + "' must be true or false");
        }
        return v.booleanValue();
    }

    private static int integer(JsonNode node, String name) {
        JsonNode v = field(node, name);
        if (!v.canConvertToExactIntegral() || !v.canConvertToInt()) {
            throw new IllegalArgumentException("methodology file: '" + name + "' must be an integer");
        }
        return v.intValue();
    }

    private static Iterable<JsonNode> array(JsonNode node, String name) {
        JsonNode v = field(node, name);
        if (!v.isArray()) {
            throw new IllegalArgumentException("methodology file: '" + name + "' must be an array");
        }
        return v;
    }

    private static BigDecimal optionalDecimal(JsonNode node, String name, BigDecimal fallback) {
        return node.hasNonNull(name) ? decimal(node, name) : fallback;
    }

    /** An exact decimal from a JSON string ("0.35") or number (0.35, read as BigDecimal, never as double). */
    static BigDecimal decimal(JsonNode node, String name) {
        JsonNode v = field(node, name);
        if (v.isTextual()) {
            try {
                return new BigDecimal(v.asText().strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("methodology file: '" + name + "' is not a decimal: " + v.asText(), e);
            }
        }
        if (v.isNumber() && !v.isDouble() && !v.isFloat()) {
            return v.decimalValue();
        }
        throw new IllegalArgumentException("methodology file: '" + name + "' must be a decimal string or number");
    }

    private MethodologyFile() {
    }
}
