package dev.hcxmesh.decoder.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.broker.KafkaTestResource;
import dev.hcxmesh.broker.TinyModelTestResource;
import dev.hcxmesh.broker.TopicProbe;
import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.decoder.engine.LanguageEngine;
import dev.hcxmesh.decoder.testing.FakeEngine;
import dev.hcxmesh.decoder.testing.TextRequests;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A second member joins the decoder's group while a request generates (what an autoscaler does): the
 * decoder's revocation waits until that request's result is on the broker, so whoever gets its
 * partitions next can see it was answered; after the member leaves again the decoder gets the
 * request's uncommitted record back and does not answer it twice.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TinyModelTestResource.class, restrictToAnnotatedClass = true) // the prompt's tokenizer
class RebalanceTest {
    static final String ID = "rebalance-" + System.nanoTime();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    LanguageEngine engine;

    @Test
    void aRevocationWaitsForTheGeneratingRequestAndItIsAnsweredOnce() {
        FakeEngine fake = (FakeEngine) engine;
        fake.stepDelayMillis = 400; // up to 8 tokens: the request generates for a few seconds
        try {
            var manifest = TextRequests.manifest(ID, 8);
            TopicProbe.write(bootstrap, Topics.MANIFESTS.name(), ID, manifest.toByteArray());
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> fake.active.get() == 1);

            var assignedAt = new AtomicLong();
            try (var member = secondMember()) {
                member.subscribe(
                        List.of(Topics.MANIFESTS.name(), Topics.EMBEDDINGS.name(), Topics.ENRICHMENT.name()),
                        new ConsumerRebalanceListener() {
                            @Override
                            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

                            @Override
                            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                                assignedAt.compareAndSet(0, System.currentTimeMillis());
                            }
                        });
                long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (assignedAt.get() == 0 && System.nanoTime() < end) {
                    member.poll(Duration.ofMillis(200)); // records are not processed (nor committed)
                }
                assertThat(assignedAt.get())
                        .as("the second member got its partitions")
                        .isPositive();
            } // leaves: the decoder owns everything again and replays what the member held

            var results = TopicProbe.readUntil(
                    bootstrap,
                    List.of(Topics.RESULTS.name()),
                    seen -> seen.stream().anyMatch(r -> r.key().equals(ID)),
                    Duration.ofSeconds(30));
            var result =
                    results.stream().filter(r -> r.key().equals(ID)).findFirst().orElseThrow();
            assertThat(result.timestamp())
                    .as("the result was published before the rebalance handed out partitions")
                    .isLessThanOrEqualTo(assignedAt.get());

            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> fake.active.get() == 0);
            // the replay after the member left comes within a heartbeat or two: read on a little
            var later = TopicProbe.readUntil(
                    bootstrap, List.of(Topics.RESULTS.name()), seen -> false, Duration.ofSeconds(8));
            assertThat(later.stream().filter(r -> r.key().equals(ID))).hasSize(1);
            assertThat(fake.started).as("sequences the engine ran").hasSize(1);
        } finally {
            fake.stepDelayMillis = 0;
        }
    }

    private KafkaConsumer<String, byte[]> secondMember() {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "hcx-decoder",
                        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                        RangeAssignor.class.getName(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new ByteArrayDeserializer());
    }
}
