package org.ecoeval.submission;

import org.ecoeval.infra.EcoEvalInfraTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Every test of this service runs on the real PostgreSQL and Kafka of this test JVM and verifies real
 * token signatures (tokens from {@link org.ecoeval.infra.TestTokens}). Declared once, applies to all.
 * The service's own Kafka channels use {@link RestartableKafka}, which {@code KafkaOutageTest} stops and
 * starts again.
 */
@QuarkusTestResource(value = EcoEvalInfraTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "submission"))
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(RestartableKafkaResource.class)
public class TestResources {
}
