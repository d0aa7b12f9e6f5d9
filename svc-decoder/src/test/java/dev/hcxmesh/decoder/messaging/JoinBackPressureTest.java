package dev.hcxmesh.decoder.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.broker.KafkaTestResource;
import dev.hcxmesh.broker.TinyModelTestResource;
import dev.hcxmesh.broker.TopicProbe;
import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.decoder.engine.LanguageEngine;
import dev.hcxmesh.decoder.testing.FakeEngine;
import dev.hcxmesh.decoder.testing.TextRequests;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A burst on the Kafka path meets the decoder's back-pressure: the join holds at most {@code
 * kafka-in-flight} started requests plus the one whose record waits for a permit (the consumer is held,
 * the rest stays on the broker), and requests the engine's small admission queue refuses (QUEUE_FULL;
 * test profile: 2 active, 1 waiting) are retried, not answered with an error. Every request gets
 * exactly one result, and none is an error.
 */
@QuarkusTest
@TestProfile(JoinBackPressureTest.FourInFlight.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TinyModelTestResource.class, restrictToAnnotatedClass = true) // the prompt's tokenizer
class JoinBackPressureTest {
    static final int IN_FLIGHT = 4;
    static final int BURST = 12;

    /** More Kafka requests in flight than the engine's admission takes (2 + 1), so some are refused. */
    public static class FourInFlight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hcx.decoder.admission.kafka-in-flight", Integer.toString(IN_FLIGHT));
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    LanguageEngine engine;

    @Inject
    MeterRegistry registry;

    @Inject
    JoinConsumer join;

    @Test
    void aBurstIsHeldOnTheBrokerAndRefusedRequestsAreRetried() throws Exception {
        FakeEngine fake = (FakeEngine) engine;
        fake.stepDelayMillis = 50; // 4 tokens: about 200 ms per request
        var maxPending = new AtomicInteger();
        var sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(
                () -> {
                    // the join itself, not the hcx_decoder_join_pending gauge, which after an earlier
                    // Quarkus app in the same surefire JVM may read that app's counter
                    maxPending.accumulateAndGet(join.joinsOpen(), Math::max);
                },
                0,
                5,
                TimeUnit.MILLISECONDS);
        try {
            String run = Long.toString(System.nanoTime());
            var producer = new KafkaProducer<>(
                    Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                    new StringSerializer(),
                    new ByteArraySerializer());
            for (int i = 0; i < BURST; i++) { // all at once
                String id = "bp-" + run + "-" + i;
                var manifest = TextRequests.manifest(id, 4);
                producer.send(new ProducerRecord<>(Topics.MANIFESTS.name(), id, manifest.toByteArray()));
            }
            producer.close(); // flushes
            var records = TopicProbe.readUntil(
                    bootstrap,
                    List.of(Topics.RESULTS.name()),
                    seen -> seen.stream()
                                    .filter(r -> r.key().startsWith("bp-" + run))
                                    .count()
                            >= BURST,
                    Duration.ofSeconds(60));
            Map<String, Integer> perRequest = new HashMap<>();
            for (var r : records) {
                if (!r.key().startsWith("bp-" + run)) {
                    continue;
                }
                perRequest.merge(r.key(), 1, Integer::sum);
                var result = Topics.RESULTS.parse(r.value()).getResult();
                assertThat(result.hasError())
                        .as("%s: %s", r.key(), result.getError().getMessage())
                        .isFalse();
            }
            assertThat(perRequest)
                    .hasSize(BURST)
                    .allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
            assertThat(registry.counter("hcx_decoder_requeued_total").count())
                    .as("the engine's queue refused some and they were retried")
                    .isPositive();
            assertThat(maxPending.get())
                    .as("requests in the join: the started ones plus the one waiting for a permit")
                    .isLessThanOrEqualTo(IN_FLIGHT + 1);
        } finally {
            sampler.shutdownNow();
            fake.stepDelayMillis = 0;
        }
    }
}
