package org.ecoeval.contracts;

import java.util.regex.Pattern;

/** An evaluation is one county and one year: {@code {countyCode}-{year}}, e.g. {@code 150425-2024}. */
public record EvaluationId(String countyCode, int year) {
    private static final Pattern FORM = Pattern.compile("(\\d{6})-(\\d{4})");

    public static boolean isWellFormed(String text) {
        return text != null && FORM.matcher(text).matches();
    }

    public static EvaluationId parse(String text) {
        var m = text == null ? null : FORM.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("evaluation id must be {6-digit county code}-{year}: " + text);
        }
        return new EvaluationId(m.group(1), Integer.parseInt(m.group(2)));
    }

    @Override
    public String toString() {
        return countyCode + "-" + year;
    }
}
