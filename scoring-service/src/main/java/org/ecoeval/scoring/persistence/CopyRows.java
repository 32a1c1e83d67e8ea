package org.ecoeval.scoring.persistence;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * A batch of new rows for one table, written by {@code COPY … FROM STDIN} in PostgreSQL's text format: the rows travel
 * as one stream, in their order, and the server inserts them without parsing or planning a statement per row or
 * decoding an array per column (the {@code insert … select … from unnest(…)} it replaces for append-only rows). Only for
 * rows that are new: COPY cannot update, and a conflict fails the whole COPY (and its transaction).
 *
 * <p>A value is written as text: null as {@code \N}, an instant in UTC to the microsecond, a decimal in plain
 * notation, a boolean as {@code t}/{@code f}; backslash, tab, newline and carriage return are escaped.
 *
 * <p>Each row is encoded to UTF-8 as it is added and kept in chunks of 64 kB, which are streamed to the server as they
 * are: a batch of a few MB never becomes one string, nor one byte array (in a 512 MB heap, anything above 512 kB is a
 * "humongous" object, which G1 allocates in regions of its own and collects by full marking cycles), and a row with a
 * Chinese name does not make the whole batch a two-byte-per-character string.
 */
public final class CopyRows {
    private static final int CHUNK = 64 * 1024;

    private final String table;
    private final String[] columns;

    /** The row being added, as text (small: one row). */
    private final StringBuilder text = new StringBuilder(512);
    /** The rows added so far, UTF-8, in full chunks and the one being filled. */
    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] chunk = new byte[CHUNK];
    private int filled;
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
        keep(text.toString().getBytes(StandardCharsets.UTF_8));
        text.setLength(0);
        rows++;
    }

    private void keep(byte[] row) {
        int at = 0;
        while (at < row.length) {
            if (filled == CHUNK) {
                chunks.add(chunk);
                chunk = new byte[CHUNK];
                filled = 0;
            }
            int n = Math.min(CHUNK - filled, row.length - at);
            System.arraycopy(row, at, chunk, filled, n);
            filled += n;
            at += n;
        }
    }

    /** Copies the rows into the table on the caller's connection (and so in its transaction); returns the count. */
    public long copy(Connection c) throws SQLException {
        if (rows == 0) {
            return 0;
        }
        String sql = "copy " + table + " (" + String.join(", ", columns) + ") from stdin";
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            for (byte[] full : chunks) {
                in.writeToCopy(full, 0, CHUNK);
            }
            in.writeToCopy(chunk, 0, filled);
            return in.endCopy();
        } catch (SQLException e) {
            if (in.isActive()) {
                try {
                    in.cancelCopy(); // a write failed: the server discards the rows, the transaction fails with it
                } catch (SQLException cancel) {
                    e.addSuppressed(cancel);
                }
            }
            throw e;
        }
    }

    private void append(Object value) {
        if (value == null) {
            text.append("\\N");
        } else if (value instanceof Instant instant) {
            appendInstant(Sql.micros(instant));
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

    /**
     * The instant as PostgreSQL reads a {@code timestamptz}, in UTC to the microsecond ({@code 2024-12-31
     * 23:59:59.123456+00}), written digit by digit: {@code Instant.toString}'s formatter allocated more than the rest of
     * a row (half of what a replay's COPY allocated, measured with JFR). Years outside 1–9999 keep ISO-8601.
     */
    private void appendInstant(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        if (t.getYear() < 1 || t.getYear() > 9999) {
            text.append(instant);
            return;
        }
        digits(t.getYear(), 4).append('-');
        digits(t.getMonthValue(), 2).append('-');
        digits(t.getDayOfMonth(), 2).append(' ');
        digits(t.getHour(), 2).append(':');
        digits(t.getMinute(), 2).append(':');
        digits(t.getSecond(), 2).append('.');
        digits(t.getNano() / 1000, 6).append("+00");
    }

    /** {@code n} (not negative) in {@code width} digits, zero-padded. */
    private StringBuilder digits(int n, int width) {
        for (int d = width - 1, scale = (int) Math.pow(10, d); d >= 0; d--, scale /= 10) {
            text.append((char) ('0' + n / scale % 10));
        }
        return text;
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
