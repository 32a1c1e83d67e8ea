package org.ecoeval.infra;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource giving a service its own database on the JVM's real PostgreSQL and the real Kafka
 * broker. Init arg {@code database}: the service's database name. It also holds every REST-assured request of the
 * tests to the service's own OpenAPI document ({@link ApiContract}).
 */
public class EcoEvalInfraTestResource implements QuarkusTestResourceLifecycleManager {
    private String database = "ecoeval";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        TestInfrastructure infra = TestInfrastructure.get();
        ApiContract.install();
        return Map.of(
                "quarkus.datasource.jdbc.url", infra.database(database),
                "quarkus.datasource.username", PostgresServer.USER,
                "quarkus.datasource.password", "",
                "kafka.bootstrap.servers", infra.kafka().bootstrapServers(),
                "ecoeval.test.infra-dir", infra.baseDir().toString());
    }

    @Override
    public void stop() {
        // the shared servers stop with the JVM; other test classes may still use them
    }
}
