package org.ecoeval.messaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.inject.Singleton;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.JavaMigration;

import io.quarkus.flyway.FlywayConfigurationCustomizer;

/**
 * The module's own tables ({@code messaging_outbox}, {@code messaging_processed_event},
 * {@code messaging_consumer_position}, {@code messaging_plan_version}) in each service's database,
 * migrated by Flyway with a history of their own ({@code messaging_schema_history}), so that the module's versions
 * never mix with the service's. They are migrated just before the service's migrations, which may therefore move
 * rows into them. The SQL files are named here rather than found by scanning, which a packaged service cannot do.
 */
@Singleton
public class MessagingSchema implements FlywayConfigurationCustomizer {
    static final String HISTORY_TABLE = "messaging_schema_history";
    /** The module's migrations, oldest first: files under db/messaging/. */
    static final List<String> MIGRATIONS = List.of("V1__messaging_outbox_and_processed_events",
            "V2__consumer_positions", "V3__plan_versions", "V4__outbox_trace_context");

    @Override
    public void customize(FluentConfiguration configuration) {
        List<Callback> callbacks = new ArrayList<>(Arrays.asList(configuration.getCallbacks()));
        callbacks.add(new BeforeServiceMigrations());
        configuration.callbacks(callbacks.toArray(Callback[]::new));
    }

    static final class BeforeServiceMigrations implements Callback {
        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.BEFORE_MIGRATE;
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
            Flyway.configure(MessagingSchema.class.getClassLoader())
                    .dataSource(context.getConfiguration().getDataSource())
                    .table(HISTORY_TABLE)
                    .locations(new String[0]) // nothing scanned: the migrations are the classes below
                    .javaMigrations(MIGRATIONS.stream().map(SqlFile::new).toArray(JavaMigration[]::new))
                    .baselineOnMigrate(true).baselineVersion("0")
                    .load().migrate();
        }

        @Override
        public String getCallbackName() {
            return "messaging-schema";
        }
    }

    /** One SQL file of db/messaging/, run as a Java migration named after it. */
    static final class SqlFile extends BaseJavaMigration {
        private final String name;
        private final String sql;

        SqlFile(String name) {
            this.name = name;
            try (InputStream in = MessagingSchema.class.getResourceAsStream("/db/messaging/" + name + ".sql")) {
                if (in == null) {
                    throw new IllegalStateException("missing migration db/messaging/" + name + ".sql");
                }
                this.sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            extractVersionAndDescription(name, "V", false);
        }

        @Override
        protected void init() {
            // version and description come from the file name, in the constructor
        }

        @Override
        public Integer getChecksum() {
            return sql.hashCode();
        }

        @Override
        public void migrate(org.flywaydb.core.api.migration.Context context) throws Exception {
            try (Statement statement = context.getConnection().createStatement()) {
                statement.execute(sql);
            }
        }
    }
}
