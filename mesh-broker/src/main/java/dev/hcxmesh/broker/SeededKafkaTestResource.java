package dev.hcxmesh.broker;

import dev.hcxmesh.api.v1.JobResult;
import dev.hcxmesh.contracts.Schema;
import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.events.v1.GenerationResult;
import dev.hcxmesh.events.v1.Meta;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource: one real in-JVM KRaft broker per annotated test class, with the mesh topics
 * created and the records {@link #seed} writes before the application starts (what a service finds
 * on the broker after it was killed). {@link KafkaTestResource} is the one that writes none.
 */
public abstract class SeededKafkaTestResource implements QuarkusTestResourceLifecycleManager {
    private EmbeddedKafka kafka;

    /** Writes the records the service should find on {@code bootstrap} when it starts. */
    protected abstract void seed(String bootstrap);

    /** Writes {@code result} as request {@code id}'s answer on hcx.results, as a stage before the kill did. */
    protected static void writeResult(String bootstrap, String id, JobResult.Builder result) {
        var event = GenerationResult.newBuilder()
                .setMeta(Meta.newBuilder().setSchemaVersion(Schema.VERSION).setRequestId(id))
                .setResult(result.setJobId(id))
                .build();
        TopicProbe.write(bootstrap, Topics.RESULTS.name(), id, event.toByteArray());
    }

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
