package org.ecoeval.submission;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points the service's Kafka channels at {@link RestartableKafka}, a real broker of this test JVM that a test
 * may stop and start again on the same port (the shared broker of {@code TestInfrastructure} cannot restart).
 */
public class RestartableKafkaResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String bootstrap = RestartableKafka.ensureStarted();
        return Map.of("mp.messaging.outgoing.outbox.bootstrap.servers", bootstrap,
                "mp.messaging.incoming.plans-in.bootstrap.servers", bootstrap,
                "mp.messaging.outgoing.dead-letters.bootstrap.servers", bootstrap);
    }

    @Override
    public void stop() {
        // the broker halts with the JVM (stdin EOF); later test classes may still use it
    }
}
