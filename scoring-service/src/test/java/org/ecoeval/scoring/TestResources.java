package org.ecoeval.scoring;

import org.ecoeval.infra.EcoEvalInfraTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Every test of this service runs on the real PostgreSQL and Kafka of this test JVM and verifies real
 * token signatures (tokens from {@link org.ecoeval.infra.TestTokens}). Declared once, applies to all.
 */
@QuarkusTestResource(value = EcoEvalInfraTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "scoring"))
@QuarkusTestResource(OidcWiremockTestResource.class)
public class TestResources {
}
