package org.ecoeval.messaging;

import org.ecoeval.infra.EcoEvalInfraTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** The module's Quarkus tests: a database of their own on the JVM's real PostgreSQL, the relay on {@link RelayBroker}. */
@QuarkusTestResource(value = EcoEvalInfraTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "messaging"))
@QuarkusTestResource(RelayBroker.class)
public class TestResources {
}
