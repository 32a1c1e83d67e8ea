package org.ecoeval.scoring.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.ecoeval.infra.PostgresServer;
import org.ecoeval.infra.TestInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What COPY writes is exactly what was added, in order, and a conflict writes nothing. */
class CopyRowsTest {
    private static final String DATABASE = "scoring_copy_rows";
    private static String url;

    @BeforeAll
    static void freshDatabase() throws Exception {
        TestInfrastructure infra = TestInfrastructure.get();
        try (Connection c = DriverManager.getConnection(infra.postgres().jdbcUrl("postgres"), PostgresServer.USER, "");
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + DATABASE + " with (force)");
        }
        url = infra.database(DATABASE);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create table row_copy (id bigserial primary key, name varchar(200) unique, amount numeric, "
                    + "at timestamptz, flag boolean, n int)");
        }
    }

    @Test
    void text_with_tabs_newlines_backslashes_nulls_and_chinese_reads_back_unchanged_in_the_order_added() throws Exception {
        List<String> names = List.of("plain", "tab\there", "line\nbreak\r\nend", "back\\slash \\N not null",
                "生态环境质量 ΔEI", "trailing\\");
        Instant at = Instant.parse("2024-12-31T23:59:59.123456Z");
        CopyRows rows = new CopyRows("row_copy", "name", "amount", "at", "flag", "n");
        for (int i = 0; i < names.size(); i++) {
            rows.add(names.get(i), new BigDecimal("-1.4850000000000000000000001"), at.plusSeconds(i), i % 2 == 0, i);
        }
        rows.add("nulls", null, null, null, null);
        try (Connection c = connect()) {
            assertThat(rows.copy(c)).isEqualTo(names.size() + 1);
        }

        List<String> read = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select name, amount, at, flag, n from row_copy order by id")) {
            int i = 0;
            while (rs.next()) {
                read.add(rs.getString("name"));
                if (i < names.size()) {
                    assertThat(rs.getBigDecimal("amount")).isEqualByComparingTo("-1.4850000000000000000000001");
                    assertThat(rs.getTimestamp("at").toInstant()).isEqualTo(at.plusSeconds(i));
                    assertThat(rs.getBoolean("flag")).isEqualTo(i % 2 == 0);
                    assertThat(rs.getInt("n")).isEqualTo(i);
                } else {
                    assertThat(rs.getObject("amount")).isNull();
                    assertThat(rs.getObject("at")).isNull();
                    assertThat(rs.getObject("flag")).isNull();
                    assertThat(rs.getObject("n")).isNull();
                }
                i++;
            }
        }
        List<String> expected = new ArrayList<>(names);
        expected.add("nulls");
        assertThat(read).containsExactlyElementsOf(expected);
    }

    @Test
    void instants_read_back_to_the_microsecond_across_days_months_leap_years_and_the_calendar_s_ends() throws Exception {
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("2024-02-29T00:00:00Z"),
                Instant.parse("1999-12-31T23:59:59.999999Z"), Instant.parse("2024-09-01T08:05:03.000001Z"),
                Instant.parse("2024-09-01T08:05:03.123456789Z"), Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999Z"), Instant.parse("1969-12-31T23:59:59.5Z")));
        java.util.Random random = new java.util.Random(20261203);
        for (int i = 0; i < 1000; i++) {
            instants.add(Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L),
                    random.nextInt(1_000_000_000)));
        }
        CopyRows rows = new CopyRows("instant_copy", "at");
        for (Instant instant : instants) {
            rows.add(instant);
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create table instant_copy (id bigserial primary key, at timestamptz)");
            rows.copy(c);
        }
        List<Instant> read = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select extract(epoch from at)::numeric(20, 6) as epoch from instant_copy order by id")) {
            while (rs.next()) {
                BigDecimal epoch = rs.getBigDecimal("epoch");
                read.add(Instant.ofEpochSecond(epoch.longValue(),
                        epoch.remainder(BigDecimal.ONE).movePointRight(9).intValue()));
            }
        }
        assertThat(read).containsExactlyElementsOf(instants.stream().map(Sql::micros).toList());
    }

    @Test
    void a_row_that_conflicts_fails_the_whole_copy_and_the_transaction_keeps_nothing_of_it() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("insert into row_copy (name) values ('taken')");
        }
        CopyRows rows = new CopyRows("row_copy", "name");
        rows.add("first of the batch");
        rows.add("taken");
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            assertThatThrownBy(() -> rows.copy(c)).isInstanceOf(SQLException.class).hasMessageContaining("taken");
            c.rollback();
        }
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from row_copy where name = 'first of the batch'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void rows_of_several_megabytes_and_a_row_longer_than_a_chunk_read_back_whole_in_order() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create table big_copy (id bigserial primary key, content text)");
        }
        // 150 kB of three-byte characters and separators: one row spans several of the 64 kB chunks
        String longRow = "县域生态环境质量\t".repeat(6_000);
        List<String> contents = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            contents.add(i == 7_777 ? longRow : "row " + i + " 生态 " + "x".repeat(i % 300));
        }
        CopyRows rows = new CopyRows("big_copy", "content");
        contents.forEach(rows::add);
        try (Connection c = connect()) {
            assertThat(rows.copy(c)).isEqualTo(contents.size());
        }
        List<String> read = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select content from big_copy order by id")) {
            while (rs.next()) {
                read.add(rs.getString(1));
            }
        }
        assertThat(read).hasSize(contents.size());
        assertThat(read.get(7_777)).isEqualTo(longRow);
        assertThat(read).isEqualTo(contents);
    }

    @Test
    void nothing_to_copy_sends_nothing() throws Exception {
        try (Connection c = connect()) {
            assertThat(new CopyRows("no_such_table", "x").copy(c)).isZero();
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(url, PostgresServer.USER, "");
    }
}
