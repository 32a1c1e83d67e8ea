package org.ecoeval.submission.domain;

/**
 * The columns an import reads (architecture.md, "Bulk intake"). A header cell carries the Chinese name and the
 * code ({@code 任务 task}); either alone is recognised too. Other columns (the template's indicator name, unit,
 * range…) are for people and are not read.
 */
public enum ImportColumn {
    TASK("任务", "task", true),
    INDICATOR("指标", "indicator", true),
    YEAR("年份", "year", true),
    VALUE("数值", "value", true),
    NOTE("说明", "note", false);

    public final String chinese;
    public final String code;
    public final boolean required;

    ImportColumn(String chinese, String code, boolean required) {
        this.chinese = chinese;
        this.code = code;
        this.required = required;
    }

    /** The header cell the template writes: {@code 任务 task}. */
    public String header() {
        return chinese + " " + code;
    }

    public boolean names(String headerText) {
        if (headerText == null) {
            return false;
        }
        String h = headerText.strip().replaceAll("[\\s\\u3000]+", " ");
        return h.equalsIgnoreCase(header()) || h.equalsIgnoreCase(code) || h.equals(chinese);
    }

    public static ImportColumn of(String headerText) {
        for (ImportColumn c : values()) {
            if (c.names(headerText)) {
                return c;
            }
        }
        return null;
    }
}
