package org.ecoeval.system;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.ecoeval.infra.PostgresServer;
import org.ecoeval.infra.TestInfrastructure;

/** Row counts of every table of the services' databases: proof that rejected requests wrote nothing. */
final class DatabaseRows {

    static Map<String, Long> count(String... databases) {
        Map<String, Long> counts = new TreeMap<>();
        for (String database : databases) {
            String url = TestInfrastructure.get().database(database);
            try (var c = DriverManager.getConnection(url, PostgresServer.USER, "")) {
                List<String> tables = new ArrayList<>();
                try (var rs = c.createStatement().executeQuery(
                        "select table_name from information_schema.tables where table_schema = 'public' "
                                + "and table_type = 'BASE TABLE' and table_name <> 'flyway_schema_history'")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                for (String table : tables) {
                    try (var rs = c.createStatement().executeQuery("select count(*) from \"" + table + "\"")) {
                        rs.next();
                        counts.put(database + "." + table, rs.getLong(1));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot count rows of " + database, e);
            }
        }
        return counts;
    }

    private DatabaseRows() {
    }
}
