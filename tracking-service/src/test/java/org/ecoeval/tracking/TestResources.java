package org.ecoeval.tracking;

import org.ecoeval.infra.EcoEvalInfraTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Every test of this service runs on the real PostgreSQL and Kafka of this test JVM and verifies real
 * token signatures (tokens from {@link org.ecoeval.infra.TestTokens}); alert e-mails go to a real SMTP server
 * ({@link GreenMailTestResource}); scoring- and submission-service
 * answer from {@link PeerServicesFake} (the self-check report reads them). Declared once, applies to all.
 */
@QuarkusTestResource(value = EcoEvalInfraTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "tracking"))
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(GreenMailTestResource.class)
@QuarkusTestResource(PeerServicesFake.class)
public class TestResources {
}
