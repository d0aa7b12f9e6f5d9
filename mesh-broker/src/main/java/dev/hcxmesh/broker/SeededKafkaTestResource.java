package dev.hcxmesh.broker;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Like {@link KafkaTestResource}, with records written before the application starts: what a service
 * finds on the broker after it was killed (a test subclasses it and writes in {@link #seed}).
 */
public abstract class SeededKafkaTestResource implements QuarkusTestResourceLifecycleManager {
    private EmbeddedKafka kafka;

    /** Writes the records the service should find on {@code bootstrap} when it starts. */
    protected abstract void seed(String bootstrap);

    @Override
    public Map<String, String> start() {
        kafka = EmbeddedKafka.start();
        seed(kafka.bootstrapServers());
        return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers());
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }
}
