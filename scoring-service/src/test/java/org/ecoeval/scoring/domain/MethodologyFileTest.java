package org.ecoeval.scoring.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ecoeval.scoring.domain.Fixtures.MEE_2022;

import java.io.IOException;
import java.io.InputStream;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.ecoeval.contracts.Methodologies;
import org.ecoeval.contracts.SubmissionContent.Severity;
import org.junit.jupiter.api.Test;

class MethodologyFileTest {

    @Test
    void mee_2022_is_listed_and_is_the_default() {
        assertThat(Methodologies.versions()).contains("mee-2022");
        assertThat(Methodology.defaultMethodology()).isSameAs(MEE_2022);
        assertThat(MEE_2022.version()).isEqualTo("mee-2022");
    }

    @Test
    void unknown_version_is_refused() {
        assertThatThrownBy(() -> Methodology.load("mee-1999")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mee-1999");
    }

    @Test
    void every_parameter_group_carries_the_status_methodology_md_gives_it() {
        assertThat(MEE_2022.statuses()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry(ParameterGroup.ECOLOGICAL_SUB_INDICES, ParameterStatus.ASSUMED),
                Map.entry(ParameterGroup.ENVIRONMENTAL_WEIGHTS, ParameterStatus.ASSUMED),
                Map.entry(ParameterGroup.ENVIRONMENTAL_NORMALISATION, ParameterStatus.ASSUMED),
                Map.entry(ParameterGroup.TECHNICAL, ParameterStatus.SEED),
                Map.entry(ParameterGroup.MANAGEMENT_MAPPING, ParameterStatus.ASSUMED),
                Map.entry(ParameterGroup.MANAGEMENT_RANGE, ParameterStatus.SEED),
                Map.entry(ParameterGroup.REMOTE_SENSING_RULE, ParameterStatus.ASSUMED),
                Map.entry(ParameterGroup.REMOTE_SENSING_RANGE, ParameterStatus.SEED),
                Map.entry(ParameterGroup.EVENTS_TABLE, ParameterStatus.ASSUMED),
                Map.entry(ParameterGroup.EVENTS_RANGE, ParameterStatus.SEED),
                Map.entry(ParameterGroup.TOTAL, ParameterStatus.SEED),
                Map.entry(ParameterGroup.GRADE_ROUNDING, ParameterStatus.INFERRED),
                Map.entry(ParameterGroup.GRADE_BANDS, ParameterStatus.INFERRED),
                Map.entry(ParameterGroup.ROLLUP_NAMES, ParameterStatus.CONFIRMED),
                Map.entry(ParameterGroup.ROLLUP_BANDS, ParameterStatus.INFERRED),
                Map.entry(ParameterGroup.EQI_CLASS, ParameterStatus.INFERRED)));
    }

    @Test
    void the_numbers_of_mee_2022_are_read_exactly() {
        assertThat(MEE_2022.ecological().wholeIndex()).isEqualTo("EQI.VALUE");
        assertThat(MEE_2022.ecological().subIndices()).extracting(Methodology.WeightedTerm::indicator)
                .containsExactly("EQI.PATTERN", "EQI.FUNCTION", "EQI.BIODIVERSITY", "EQI.STRESS");
        assertThat(MEE_2022.ecological().subIndices()).extracting(t -> t.weight().toPlainString())
                .containsExactly("0.35", "0.35", "0.20", "0.10");
        assertThat(MEE_2022.ecological().subIndices().get(3).normalisation())
                .isEqualTo(new Normalisation.Complement(Fixtures.dec("100")));
        assertThat(MEE_2022.environmental().terms()).extracting(t -> t.weight().toPlainString())
                .containsOnly("0.2").hasSize(5);
        assertThat(MEE_2022.technical().ecologicalWeight()).isEqualByComparingTo("0.6");
        assertThat(MEE_2022.technical().environmentalWeight()).isEqualByComparingTo("0.4");
        assertThat(MEE_2022.management().scale()).isEqualByComparingTo("1.5");
        assertThat(MEE_2022.management().categoryWeights()).containsOnlyKeys("PROTECT", "POLLUTION", "GREEN",
                "LIVING", "ORGANISATION");
        assertThat(MEE_2022.management().range()).isEqualTo(new Range(Fixtures.dec("-1.5"), Fixtures.dec("1.5")));
        assertThat(MEE_2022.remoteSensing().perKm2()).isEqualByComparingTo("0.1");
        assertThat(MEE_2022.remoteSensing().capPerPatch()).isEqualByComparingTo("0.35");
        assertThat(MEE_2022.remoteSensing().countUnverified()).isFalse();
        assertThat(MEE_2022.remoteSensing().range().max()).isEqualByComparingTo("0.7");
        assertThat(MEE_2022.events().emergency().get(Severity.EXTRAORDINARY))
                .isEqualTo(new Methodology.Deduction(Fixtures.dec("-1.0"), true));
        assertThat(MEE_2022.events().emergency().get(Severity.MAJOR).amount()).isEqualByComparingTo("-0.6");
        assertThat(MEE_2022.events().ecologicalProblem().amount()).isEqualByComparingTo("-0.2");
        assertThat(MEE_2022.events().range().min()).isEqualByComparingTo("-1");
        assertThat(MEE_2022.events().vetoGrade()).isEqualTo("明显变差");
        assertThat(MEE_2022.grading().scale()).isEqualTo(2);
        assertThat(MEE_2022.grading().mode()).isEqualTo(RoundingMode.HALF_UP);
        assertThat(MEE_2022.grading().bands()).extracting(Band::name).containsExactly("明显变好", "一般变好", "轻微变好",
                "基本稳定", "轻微变差", "一般变差", "明显变差");
        assertThat(MEE_2022.grading().rollupNames()).containsExactly("变好", "基本稳定", "变差");
        assertThat(MEE_2022.eqiClasses().classes()).extracting(Band::name).containsExactly("一类", "二类", "三类", "四类",
                "五类");
    }

    @Test
    void json_numbers_are_read_as_exact_decimals_too() throws IOException {
        String json = mee2022Text().replace("\"capPerPatch\": \"0.35\"", "\"capPerPatch\": 0.35")
                .replace("\"perKm2\": \"0.1\"", "\"perKm2\": 0.1");
        Methodology m = MethodologyFile.parse(json);

        assertThat(m.remoteSensing().capPerPatch().toPlainString()).isEqualTo("0.35");
        assertThat(m.remoteSensing().perKm2().toPlainString()).isEqualTo("0.1");
    }

    @Test
    void a_gap_between_grade_bands_is_refused() throws IOException {
        String json = mee2022Text().replace(
                "{\"name\": \"一般变好\", \"min\": \"2\", \"minInclusive\": true",
                "{\"name\": \"一般变好\", \"min\": \"2.5\", \"minInclusive\": true");

        assertThatThrownBy(() -> MethodologyFile.parse(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must meet");
    }

    @Test
    void a_missing_status_is_refused() throws IOException {
        String json = mee2022Text().replace("\"status\": \"seed\",\n    \"formula\": \"ΔEI′", "\"formula\": \"ΔEI′");

        assertThatThrownBy(() -> MethodologyFile.parse(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("status");
    }

    @Test
    void an_unknown_normalisation_is_refused() throws IOException {
        String json = mee2022Text().replace("\"type\": \"linear-decreasing\", \"zeroAt\": \"15\"",
                "\"type\": \"logarithmic\", \"zeroAt\": \"15\"");

        assertThatThrownBy(() -> MethodologyFile.parse(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("logarithmic");
    }

    @Test
    void bands_are_inclusive_or_exclusive_as_written() {
        List<Band> bands = MEE_2022.grading().bands();
        Band stable = bands.get(3);
        assertThat(stable.contains(Fixtures.dec("-1"))).isFalse();
        assertThat(stable.contains(Fixtures.dec("-0.99"))).isTrue();
        assertThat(stable.contains(Fixtures.dec("0.99"))).isTrue();
        assertThat(stable.contains(Fixtures.dec("1"))).isFalse();
    }

    private static String mee2022Text() throws IOException {
        try (InputStream in = Methodologies.open("mee-2022").orElseThrow()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
