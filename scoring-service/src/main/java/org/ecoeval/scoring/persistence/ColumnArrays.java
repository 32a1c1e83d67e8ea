package org.ecoeval.scoring.persistence;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch of rows bound as one array per column, for {@code insert … select … from unnest(?::text[], ?::int[], …)}:
 * one statement with as many parameters as the table has columns, whatever the batch's size. The driver's rewritten
 * multi-row VALUES binds and the server parses and plans every value of every row on its own, which measured as the
 * largest cost of a replay's writes.
 *
 * <p>Every array travels as {@code text[]} and is cast by the statement to its column's type
 * ({@link #placeholders()}): an instant as ISO-8601 to the microsecond, a decimal in plain notation.
 */
public final class ColumnArrays {
    private final String[] types;
    private final List<List<String>> columns = new ArrayList<>();

    /** The SQL array types of the columns in order, e.g. {@code "varchar[]", "int[]", "timestamptz[]"}. */
    public ColumnArrays(String... types) {
        this.types = types.clone();
        for (int i = 0; i < types.length; i++) {
            columns.add(new ArrayList<>());
        }
    }

    /** Adds one row: a value per column, null where the column is null. */
    public void add(Object... row) {
        if (row.length != types.length) {
            throw new IllegalArgumentException("a row of " + row.length + " values for " + types.length + " columns");
        }
        for (int i = 0; i < row.length; i++) {
            columns.get(i).add(text(row[i]));
        }
    }

    /** {@code unnest(?::varchar[], ?::int[], …)}'s parameter list, to put inside {@code unnest( … )}. */
    public String placeholders() {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < types.length; i++) {
            sql.append(i == 0 ? "" : ", ").append("?::").append(types[i]);
        }
        return sql.toString();
    }

    /** Binds the arrays from parameter {@code first} on; returns the index after the last. */
    public int bind(PreparedStatement ps, int first) throws SQLException {
        for (int i = 0; i < types.length; i++) {
            // a String[] goes in PostgreSQL's binary array format (lengths, no quoting); createArrayOf would build
            // a quoted and escaped array literal, the largest JVM cost of the write with JSON content
            ps.setObject(first + i, columns.get(i).toArray(String[]::new));
        }
        return first + types.length;
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return Sql.micros(instant).toString();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return value.toString();
    }
}
