package dev.hcxmesh.broker;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource: one real in-JVM KRaft broker per annotated test class, with the mesh topics
 * created. Use with {@code @QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass
 * = true)}.
 */
public final class KafkaTestResource implements QuarkusTestResourceLifecycleManager {
    private EmbeddedKafka kafka;

    @Override
    public Map<String, String> start() {
        kafka = EmbeddedKafka.start();
        return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers());
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }
}
