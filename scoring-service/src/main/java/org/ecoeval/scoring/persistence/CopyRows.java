package org.ecoeval.scoring.persistence;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

import org.postgresql.PGConnection;

/**
 * A batch of new rows for one table, written by {@code COPY … FROM STDIN} in PostgreSQL's text format: the rows travel
 * as one stream, in their order, and the server inserts them without parsing or planning a statement per row or
 * decoding an array per column (the {@code insert … select … from unnest(…)} it replaces for append-only rows). Only for
 * rows that are new: COPY cannot update, and a conflict fails the whole COPY (and its transaction).
 *
 * <p>A value is written as text: null as {@code \N}, an instant as ISO-8601 to the microsecond, a decimal in plain
 * notation, a boolean as {@code t}/{@code f}; backslash, tab, newline and carriage return are escaped.
 */
public final class CopyRows {
    private final String table;
    private final String[] columns;
    private final StringBuilder text = new StringBuilder(8192);
    private int rows;

    public CopyRows(String table, String... columns) {
        this.table = table;
        this.columns = columns.clone();
    }

    /** Adds one row: a value per column, in the constructor's order, null where the column is null. */
    public void add(Object... row) {
        if (row.length != columns.length) {
            throw new IllegalArgumentException("a row of " + row.length + " values for " + columns.length + " columns");
        }
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                text.append('\t');
            }
            append(row[i]);
        }
        text.append('\n');
        rows++;
    }

    /** Copies the rows into the table on the caller's connection (and so in its transaction); returns the count. */
    public long copy(Connection c) throws SQLException {
        if (rows == 0) {
            return 0;
        }
        String sql = "copy " + table + " (" + String.join(", ", columns) + ") from stdin";
        try {
            return c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn(sql, new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new SQLException("cannot stream " + rows + " rows into " + table, e);
        }
    }

    private void append(Object value) {
        if (value == null) {
            text.append("\\N");
        } else if (value instanceof Instant instant) {
            text.append(Sql.micros(instant));
        } else if (value instanceof BigDecimal decimal) {
            text.append(decimal.toPlainString());
        } else if (value instanceof Boolean b) {
            text.append(b ? 't' : 'f');
        } else if (value instanceof Number) {
            text.append(value);
        } else {
            escaped(value.toString());
        }
    }

    private void escaped(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(ch);
            }
        }
    }
}
