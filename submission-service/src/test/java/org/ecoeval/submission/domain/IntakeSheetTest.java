package org.ecoeval.submission.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ecoeval.contracts.SubmissionContent.IndicatorValue;
import org.ecoeval.platform.problem.ProblemException;
import org.ecoeval.platform.problem.Violation;
import org.junit.jupiter.api.Test;

/** How a sheet becomes drafts and the rules' violations become row conflicts (pure, no framework). */
class IntakeSheetTest {

    /** A sheet from rows of text cells (row 1 = the first list); null leaves a cell out. */
    static Spreadsheet sheet(List<List<String>> rows, List<Spreadsheet.MergedRange> merged) {
        List<Spreadsheet.Row> out = new java.util.ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            Map<Integer, Spreadsheet.Cell> cells = new HashMap<>();
            for (int c = 0; c < rows.get(r).size(); c++) {
                String text = rows.get(r).get(c);
                if (text != null) {
                    boolean formula = text.startsWith("=");
                    cells.put(c, new Spreadsheet.Cell(Spreadsheet.columnLetters(c) + (r + 1),
                            formula ? "1" : text, formula));
                }
            }
            out.add(new Spreadsheet.Row(r + 1, cells));
        }
        return new Spreadsheet(out, merged);
    }

    static final List<String> HEADER = List.of("数值 value", "任务 task", "Year", "指标", "说明 note");

    @Test
    void the_header_finds_columns_by_name_or_code_in_any_order() {
        IntakeSheet.Parsed p = IntakeSheet.read(sheet(List.of(HEADER,
                List.of("61.5", "FOREST-DATA", "2024", "EQI.PATTERN", "林草局"),
                List.of(" 60 ", "FOREST-DATA", "2023.0", "EQI.PATTERN", "林草局"),
                List.of("", "FOREST-DATA", "2024", "EQI.FUNCTION", "")), List.of()));
        assertThat(p.rows()).isEqualTo(3);
        assertThat(p.ignored()).isEqualTo(1);
        assertThat(p.conflicts()).isEmpty();
        IntakeSheet.Draft d = IntakeSheet.draft(p.tasks().get(0), null);
        assertThat(d.draft().task()).isEqualTo("FOREST-DATA");
        assertThat(d.draft().values()).containsExactly(
                new SubmissionDraft.Value("EQI.PATTERN", 2024, new BigDecimal("61.5")),
                new SubmissionDraft.Value("EQI.PATTERN", 2023, new BigDecimal("60")));
        assertThat(d.draft().note()).isEqualTo("林草局");
        assertThat(d.rowOfValue()).extracting(IntakeSheet.Placed::row).containsExactly(2, 3);
    }

    @Test
    void a_header_without_the_required_columns_is_a_problem_naming_them() {
        assertThatThrownBy(() -> IntakeSheet.read(sheet(List.of(List.of("任务 task", "数值 value")), List.of())))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().violations())
                        .singleElement().satisfies(v -> {
                            assertThat(v.rule()).isEqualTo("header");
                            assertThat(v.message()).contains("'指标 indicator'", "'年份 year'");
                        }));
    }

    @Test
    void cells_only_a_sheet_can_get_wrong_are_conflicts_of_their_row_and_column() {
        record Case(List<String> row, String column, String cell, String rule) {
        }
        List<Case> cases = List.of(
                new Case(List.of("六十", "T", "2024", "EQI.PATTERN"), "value", "A2", "number"),
                new Case(List.of("1,234.5", "T", "2024", "EQI.PATTERN"), "value", "A2", "number"),
                new Case(List.of("61", "T", "2024年", "EQI.PATTERN"), "year", "C2", "integer"),
                new Case(List.of("61", "T", "2024.5", "EQI.PATTERN"), "year", "C2", "integer"),
                new Case(List.of("=B1*2", "T", "2024", "EQI.PATTERN"), "value", "A2", "formula"),
                new Case(List.of("61", "=A1", "2024", "EQI.PATTERN"), "task", "B2", "formula"));
        for (Case c : cases) {
            IntakeSheet.Parsed p = IntakeSheet.read(sheet(List.of(HEADER, c.row()), List.of()));
            assertThat(p.conflicts()).as(c.toString()).singleElement().satisfies(x -> {
                        assertThat(x.row()).isEqualTo(2);
                        assertThat(x.column()).isEqualTo(c.column());
                        assertThat(x.cell()).isEqualTo(c.cell());
                        assertThat(x.rule()).isEqualTo(c.rule());
                    });
            assertThat(p.tasks().get(0).broken()).isTrue();
        }
    }

    @Test
    void merged_cells_over_data_rows_are_one_conflict_and_break_every_row_they_cover() {
        IntakeSheet.Parsed p = IntakeSheet.read(sheet(List.of(HEADER,
                List.of("61", "T", "2024", "EQI.PATTERN"),
                Arrays.asList("62", null, "2023", "EQI.PATTERN")),
                List.of(new Spreadsheet.MergedRange("B2:B3", 2, 3, 1, 1),
                        new Spreadsheet.MergedRange("A1:E1", 1, 1, 0, 4))));
        assertThat(p.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.rule()).isEqualTo("merged-cells");
            assertThat(c.cell()).isEqualTo("B2:B3");
            assertThat(c.column()).isEqualTo("task");
        });
        assertThat(p.tasks()).allMatch(IntakeSheet.TaskRows::broken);
    }

    @Test
    void violations_of_the_rules_land_on_the_rows_they_concern_and_name_rows_not_indices() {
        IntakeSheet.Parsed p = IntakeSheet.read(sheet(List.of(HEADER,
                List.of("61", "T", "2024", "EQI.PATTERN"),
                List.of("61", "T", "2024", "EQI.PATTERN")), List.of()));
        IntakeSheet.TaskRows rows = p.tasks().get(0);
        IntakeSheet.Draft draft = IntakeSheet.draft(rows, null);
        List<IntakeSheet.Conflict> conflicts = IntakeSheet.conflicts(rows, draft, List.of(
                new Violation("values[1]", "duplicate", "EQI.PATTERN for 2024 is already given at values[0]"),
                new Violation("values[0].value", "range", "out of range"),
                new Violation("task", "own-unit", "another unit's"),
                new Violation("materials.BUDGET-REPORT", "material-missing", "the material is missing")));
        assertThat(conflicts).extracting(c -> c.row() + " " + c.column() + " " + c.rule()).containsExactly(
                "3 indicator duplicate", "2 value range", "2 task own-unit", "3 task own-unit",
                "2 task material-missing");
        assertThat(conflicts.get(0).message()).isEqualTo("EQI.PATTERN for 2024 is already given at row 2");
        assertThat(conflicts.get(4).message()).startsWith("materials.BUDGET-REPORT: ");
    }

    @Test
    void a_revising_draft_takes_the_sheets_values_and_keeps_the_rest_of_the_current_version() {
        IntakeSheet.Parsed p = IntakeSheet.read(sheet(List.of(HEADER,
                List.of("70", "T", "2024", "EQI.PATTERN")), List.of()));
        VersionContent current = new VersionContent(List.of(
                new IndicatorValue("EQI.PATTERN", 2024, new BigDecimal("61")),
                new IndicatorValue("EQI.PATTERN", 2023, new BigDecimal("60"))), List.of(), List.of(),
                List.of("evidence-1"), "before");
        IntakeSheet.Draft d = IntakeSheet.draft(p.tasks().get(0), current);
        assertThat(d.draft().values()).containsExactly(
                new SubmissionDraft.Value("EQI.PATTERN", 2023, new BigDecimal("60")),
                new SubmissionDraft.Value("EQI.PATTERN", 2024, new BigDecimal("70")));
        assertThat(d.rowOfValue().get(0)).isNull();
        assertThat(d.draft().evidence()).containsExactly("evidence-1");
        assertThat(d.draft().note()).isEqualTo("before");
    }

    @Test
    void a_revising_draft_keeps_the_materials_of_the_current_version_each_file_named_once() {
        IntakeSheet.Parsed p = IntakeSheet.read(sheet(List.of(HEADER,
                List.of("70", "T", "2024", "EQI.PATTERN")), List.of()));
        VersionContent current = new VersionContent(List.of(), List.of(), List.of(),
                List.of("budget-file", "other-file"), null, java.util.Map.of("BUDGET-REPORT", List.of("budget-file")));
        IntakeSheet.Draft d = IntakeSheet.draft(p.tasks().get(0), current);
        assertThat(d.draft().materials()).isEqualTo(java.util.Map.of("BUDGET-REPORT", List.of("budget-file")));
        assertThat(d.draft().evidence()).containsExactly("other-file");
        VersionContent without = new VersionContent(List.of(), List.of(), List.of(), current.evidence(), null, null);
        assertThat(IntakeSheet.same(current, without)).as("materials are part of the content").isFalse();
    }

    @Test
    void the_same_values_in_another_order_or_scale_are_the_same_content() {
        VersionContent a = new VersionContent(List.of(new IndicatorValue("A", 2024, new BigDecimal("61.0")),
                new IndicatorValue("A", 2023, new BigDecimal("60"))), List.of(), List.of(), List.of(), "n");
        VersionContent b = new VersionContent(List.of(new IndicatorValue("A", 2023, new BigDecimal("60.00")),
                new IndicatorValue("A", 2024, new BigDecimal("61"))), List.of(), List.of(), List.of(), "n");
        assertThat(IntakeSheet.same(a, b)).isTrue();
        assertThat(IntakeSheet.same(a, new VersionContent(a.values(), List.of(), List.of(), List.of(), "m")))
                .isFalse();
        assertThat(IntakeSheet.same(a, null)).isFalse();
    }

    @Test
    void numbers_are_plain_decimals_however_long_an_xlsx_writes_them() {
        assertThat(IntakeSheet.number("61.5")).isEqualByComparingTo("61.5");
        assertThat(IntakeSheet.number("-.5")).isEqualByComparingTo("-0.5");
        assertThat(IntakeSheet.number("1E+3")).isEqualByComparingTo("1000");
        assertThat(IntakeSheet.number(new BigDecimal("1e300").toPlainString())).isEqualByComparingTo("1e300");
        for (String text : List.of("六十", "1,234", "61%", "0x10", "NaN", "Infinity", "1e99999", "", " ")) {
            assertThat(IntakeSheet.number(text)).as(text).isNull();
        }
    }

    @Test
    void column_letters_and_references() {
        assertThat(Spreadsheet.columnLetters(0)).isEqualTo("A");
        assertThat(Spreadsheet.columnLetters(25)).isEqualTo("Z");
        assertThat(Spreadsheet.columnLetters(26)).isEqualTo("AA");
        assertThat(Spreadsheet.columnIndex("AB12")).isEqualTo(27);
        assertThat(Spreadsheet.rowNumber("AB12")).isEqualTo(12);
    }
}
