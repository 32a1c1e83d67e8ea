package org.ecoeval.submission.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ecoeval.contracts.SubmissionContent.EnvironmentalEvent;
import org.ecoeval.contracts.SubmissionContent.IndicatorValue;
import org.ecoeval.contracts.SubmissionContent.Patch;
import org.ecoeval.platform.problem.ProblemException;
import org.ecoeval.platform.problem.Violation;

/**
 * What an imported sheet says, in the terms of submissions (pure): its header row decides which column is which,
 * each later row is one value of one task instance, and the rows of one task instance make one draft. The draft
 * is checked by the very rules of POST and PUT ({@link SubmissionService#check}); this class only turns cells into
 * drafts and the rules' violations back into conflicts that name a row (as Excel shows it), a column and a rule.
 *
 * <p>What only a sheet can get wrong is decided here: a formula (refused: a cached result may be stale or absent,
 * and the bureau needs the figure the unit typed), merged cells, text in a number column, a year that is not a
 * whole number.
 */
public final class IntakeSheet {

    /** One row's problem: the row number Excel shows, the column's code, the cell ({@code D7}), rule, message. */
    public record Conflict(int row, String column, String cell, String rule, String message) {
    }

    /** Where a row stands: its number and its cells' references by column. */
    public record Placed(int row, Map<ImportColumn, String> refs) {
        String ref(ImportColumn column) {
            return refs.getOrDefault(column, "");
        }
    }

    /** The rows of one task instance (as the sheet names it), with the values they give. */
    public static final class TaskRows {
        private final String task;
        private final List<Placed> rows = new ArrayList<>();
        private final List<SubmissionDraft.Value> values = new ArrayList<>();
        private final List<Placed> valueRows = new ArrayList<>();
        private final Set<String> notes = new LinkedHashSet<>();
        private boolean broken;

        TaskRows(String task) {
            this.task = task;
        }

        /** The task instance id as written (trimmed); empty when the rows name none. */
        public String task() {
            return task;
        }

        /** Whether a row of this task has a conflict of its own (formula, merged cells, text in a number…). */
        public boolean broken() {
            return broken;
        }

        public List<Placed> rows() {
            return rows;
        }

        public int valueCount() {
            return values.size();
        }
    }

    /** The sheet read as tasks: the rows with content, those without a value (ignored), and the row conflicts. */
    public record Parsed(List<TaskRows> tasks, List<Conflict> conflicts, int rows, int ignored) {
    }

    /** A task's draft for the rules and, for each of its values, the row it came from (null: kept from before). */
    public record Draft(SubmissionDraft draft, List<Placed> rowOfValue) {
    }

    private IntakeSheet() {
    }

    /** Reads a sheet: the first row with content is the header; every later row is a value. */
    public static Parsed read(Spreadsheet sheet) {
        if (sheet.rows().isEmpty()) {
            throw ProblemException.invalid("file", "empty", "the sheet has no rows; the first row must be the header");
        }
        Spreadsheet.Row header = sheet.rows().get(0);
        Map<ImportColumn, Integer> layout = layout(header);

        Map<Integer, Spreadsheet.MergedRange> mergedRows = new LinkedHashMap<>();
        List<Conflict> conflicts = new ArrayList<>();
        for (Spreadsheet.MergedRange m : sheet.merged()) {
            if (m.lastRow() <= header.number()) {
                continue; // a merged title above or on the header row does not touch any value
            }
            for (int r = Math.max(m.firstRow(), header.number() + 1); r <= m.lastRow(); r++) {
                mergedRows.putIfAbsent(r, m);
            }
        }
        Set<Spreadsheet.MergedRange> reported = new HashSet<>();

        Map<String, TaskRows> tasks = new LinkedHashMap<>();
        int rows = 0;
        int ignored = 0;
        for (Spreadsheet.Row row : sheet.rows().subList(1, sheet.rows().size())) {
            Map<ImportColumn, Spreadsheet.Cell> cells = new EnumMap<>(ImportColumn.class);
            Map<ImportColumn, String> refs = new EnumMap<>(ImportColumn.class);
            for (var e : layout.entrySet()) {
                Spreadsheet.Cell cell = row.cells().get(e.getValue());
                refs.put(e.getKey(), cell != null ? cell.ref() : Spreadsheet.columnLetters(e.getValue()) + row.number());
                if (cell != null && (cell.formula() || !blank(cell.text()))) {
                    cells.put(e.getKey(), cell);
                }
            }
            Spreadsheet.MergedRange merged = mergedRows.get(row.number());
            if (cells.isEmpty() && merged == null) {
                continue; // a row with content only in columns that are not read
            }
            rows++;
            Placed placed = new Placed(row.number(), refs);
            String task = text(cells.get(ImportColumn.TASK));
            TaskRows group = tasks.computeIfAbsent(task == null ? "" : task, TaskRows::new);
            group.rows.add(placed);

            boolean ok = true;
            if (merged != null) {
                ok = false;
                if (reported.add(merged)) {
                    ImportColumn column = columnAt(layout, merged.firstColumn());
                    conflicts.add(new Conflict(row.number(), column == null ? "" : column.code, merged.ref(),
                            "merged-cells", merged.ref() + " are merged cells; unmerge them and give every row its "
                                    + "own task, indicator, year and value"));
                }
            }
            for (var e : cells.entrySet()) {
                if (e.getValue().formula()) {
                    ok = false;
                    conflicts.add(conflict(placed, e.getKey(), "formula", e.getValue().ref() + " holds a formula; "
                            + "formulas are refused (their cached result may be stale or missing): paste the value "
                            + "instead (选择性粘贴 → 数值)"));
                }
            }
            if (!ok) {
                group.broken = true;
                continue;
            }
            String valueText = text(cells.get(ImportColumn.VALUE));
            if (valueText == null) {
                ignored++; // a template row left blank: nothing to hand in yet
                continue;
            }
            BigDecimal value = number(valueText);
            if (value == null) {
                ok = false;
                conflicts.add(conflict(placed, ImportColumn.VALUE, "number", placed.ref(ImportColumn.VALUE) + " holds '"
                        + abbreviate(valueText) + "', not a number (digits with an optional decimal point)"));
            }
            String yearText = text(cells.get(ImportColumn.YEAR));
            Integer year = null;
            if (yearText != null) {
                BigDecimal y = number(yearText);
                try {
                    year = y == null ? null : y.intValueExact();
                } catch (ArithmeticException e) {
                    year = null;
                }
                if (year == null) {
                    ok = false;
                    conflicts.add(conflict(placed, ImportColumn.YEAR, "integer", placed.ref(ImportColumn.YEAR)
                            + " holds '" + abbreviate(yearText) + "', not a year (a whole number such as 2024)"));
                }
            }
            if (!ok) {
                group.broken = true;
                continue;
            }
            String note = text(cells.get(ImportColumn.NOTE));
            if (note != null) {
                group.notes.add(note);
            }
            group.values.add(new SubmissionDraft.Value(text(cells.get(ImportColumn.INDICATOR)), year, value));
            group.valueRows.add(placed);
        }
        return new Parsed(List.copyOf(tasks.values()), conflicts, rows, ignored);
    }

    /**
     * The draft of a task for the rules: the sheet's values and, for a task that has a submission, what its
     * current version holds besides (values of other indicators and years, patches, events, evidence, the note
     * when the sheet gives none), since an import revises the values it names and keeps the rest.
     *
     * <p>Materials (issue 11): when versions carry {@code materials}, they are kept here exactly as evidence is, so
     * that "a task needing materials keeps the materials of its existing submission"; a task without a submission
     * then has none, and the material rules of {@link SubmissionRules} refuse it like a POST without them.
     */
    public static Draft draft(TaskRows rows, VersionContent current) {
        List<SubmissionDraft.Value> values = new ArrayList<>();
        List<Placed> rowOfValue = new ArrayList<>();
        Set<String> given = new HashSet<>();
        for (SubmissionDraft.Value v : rows.values) {
            given.add(v.indicator() + "@" + v.year());
        }
        if (current != null) {
            for (IndicatorValue v : current.values()) {
                if (!given.contains(v.indicator() + "@" + v.year())) {
                    values.add(new SubmissionDraft.Value(v.indicator(), v.year(), v.value()));
                    rowOfValue.add(null);
                }
            }
        }
        values.addAll(rows.values);
        rowOfValue.addAll(rows.valueRows);
        String note = rows.notes.isEmpty() ? (current == null ? null : current.note()) : String.join("\n", rows.notes);
        List<SubmissionDraft.PatchDraft> patches = current == null ? null : current.patches().stream()
                .map(IntakeSheet::patchDraft).toList();
        List<SubmissionDraft.EventDraft> events = current == null ? null : current.events().stream()
                .map(IntakeSheet::eventDraft).toList();
        // a version's evidence lists every file, those of its materials too: the draft names those once, per material
        Map<String, List<String>> materials = current == null || current.materials().isEmpty() ? null
                : current.materials();
        List<String> evidence = current == null ? null : current.evidence().stream()
                .filter(id -> materials == null || materials.values().stream().noneMatch(files -> files.contains(id)))
                .toList();
        SubmissionDraft draft = new SubmissionDraft(rows.task.isEmpty() ? null : rows.task, values,
                patches == null || patches.isEmpty() ? null : patches, events == null || events.isEmpty() ? null : events,
                evidence, note, materials);
        return new Draft(draft, rowOfValue);
    }

    /** The rules' violations of a task's draft as conflicts on the rows they concern. */
    public static List<Conflict> conflicts(TaskRows rows, Draft draft, List<Violation> violations) {
        List<Conflict> out = new ArrayList<>();
        Placed first = rows.rows.get(0);
        for (Violation v : violations) {
            String message = rowsNamed(v.message(), draft.rowOfValue());
            Matcher m = VALUE_FIELD.matcher(v.field());
            if (v.field().equals("task")) {
                for (Placed p : rows.rows) {
                    out.add(conflict(p, ImportColumn.TASK, v.rule(), message));
                }
            } else if (m.matches()) {
                Placed p = draft.rowOfValue().get(Integer.parseInt(m.group(1)));
                ImportColumn column = m.group(2) == null ? ImportColumn.INDICATOR : switch (m.group(2)) {
                    case "year" -> ImportColumn.YEAR;
                    case "value" -> ImportColumn.VALUE;
                    default -> ImportColumn.INDICATOR;
                };
                out.add(p != null ? conflict(p, column, v.rule(), message)
                        : conflict(first, column, v.rule(), "the submission's current " + v.field() + ": " + message));
            } else if (v.field().equals("note")) {
                out.add(conflict(first, ImportColumn.NOTE, v.rule(), message));
            } else {
                // Rules on what the import keeps from the current version (evidence, materials, patches, events).
                out.add(conflict(first, ImportColumn.TASK, v.rule(), v.field() + ": " + message));
            }
        }
        return out;
    }

    /** A conflict that is not a rule's but the import's (e.g. an accepted submission), on every row of a task. */
    public static List<Conflict> onEveryRow(TaskRows rows, String rule, String message) {
        return rows.rows.stream().map(p -> conflict(p, ImportColumn.TASK, rule, message)).toList();
    }

    /** Whether a checked content says the same as the current version (values compared as numbers). */
    public static boolean same(VersionContent a, VersionContent b) {
        if (a == null || b == null) {
            return false;
        }
        return valueMap(a.values()).equals(valueMap(b.values())) && a.patches().equals(b.patches())
                && a.events().equals(b.events()) && a.evidence().equals(b.evidence())
                && a.materials().equals(b.materials()) && java.util.Objects.equals(a.note(), b.note());
    }

    private static final Pattern VALUE_FIELD = Pattern.compile("values\\[(\\d+)\\](?:\\.(indicator|year|value))?");
    private static final Pattern VALUE_INDEX = Pattern.compile("values\\[(\\d+)\\]");

    private static String rowsNamed(String message, List<Placed> rowOfValue) {
        Matcher m = VALUE_INDEX.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int i = Integer.parseInt(m.group(1));
            Placed p = i < rowOfValue.size() ? rowOfValue.get(i) : null;
            m.appendReplacement(out, Matcher.quoteReplacement(p == null ? "the current version" : "row " + p.row()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Map<String, BigDecimal> valueMap(List<IndicatorValue> values) {
        Map<String, BigDecimal> map = new java.util.HashMap<>();
        for (IndicatorValue v : values) {
            map.put(v.indicator() + "@" + v.year(), v.value().stripTrailingZeros());
        }
        return map;
    }

    private static Map<ImportColumn, Integer> layout(Spreadsheet.Row header) {
        Map<ImportColumn, Integer> layout = new EnumMap<>(ImportColumn.class);
        List<Violation> violations = new ArrayList<>();
        for (var e : header.cells().entrySet()) {
            ImportColumn column = ImportColumn.of(e.getValue().text());
            if (column == null) {
                continue;
            }
            Integer before = layout.putIfAbsent(column, e.getKey());
            if (before != null) {
                violations.add(new Violation("file", "header", "row " + header.number() + " names column '"
                        + column.header() + "' twice (" + Spreadsheet.columnLetters(before) + " and "
                        + Spreadsheet.columnLetters(e.getKey()) + ")"));
            }
        }
        List<String> missing = new ArrayList<>();
        for (ImportColumn c : ImportColumn.values()) {
            if (c.required && !layout.containsKey(c)) {
                missing.add("'" + c.header() + "'");
            }
        }
        if (!missing.isEmpty()) {
            violations.add(new Violation("file", "header", "the header (row " + header.number() + ", the first row "
                    + "with content) lacks the column(s) " + String.join(", ", missing)
                    + "; start from the template (GET …/imports/template)"));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        return layout;
    }

    private static ImportColumn columnAt(Map<ImportColumn, Integer> layout, int index) {
        return layout.entrySet().stream().filter(e -> e.getValue() == index).map(Map.Entry::getKey).findFirst()
                .orElse(null);
    }

    private static Conflict conflict(Placed p, ImportColumn column, String rule, String message) {
        return new Conflict(p.row(), column.code, p.ref(column), rule, message);
    }

    private static String text(Spreadsheet.Cell cell) {
        if (cell == null || cell.text() == null) {
            return null;
        }
        String t = cell.text().strip();
        return t.isEmpty() ? null : t;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    /**
     * A plain decimal number as typed or stored; thousands separators, units and words are refused. Up to 400
     * characters: a double written out in full (1e300 as an XLSX stores it) is still a number, for the range rule.
     */
    static BigDecimal number(String text) {
        if (text.length() > 400 || !text.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,4})?")) {
            return null;
        }
        return new BigDecimal(text);
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    private static SubmissionDraft.PatchDraft patchDraft(Patch p) {
        return new SubmissionDraft.PatchDraft(p.patchId(), p.areaKm2(), p.direction() == null ? null
                : p.direction().name(), p.changeType(), p.verified());
    }

    private static SubmissionDraft.EventDraft eventDraft(EnvironmentalEvent e) {
        return new SubmissionDraft.EventDraft(e.eventId(), e.kind() == null ? null : e.kind().name(),
                e.severity() == null ? null : e.severity().name(), e.occurredOn() == null ? null
                        : e.occurredOn().toString());
    }
}
