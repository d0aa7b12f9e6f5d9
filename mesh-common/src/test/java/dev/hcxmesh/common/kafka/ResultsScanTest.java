package dev.hcxmesh.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.broker.EmbeddedKafka;
import dev.hcxmesh.contracts.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ResultsScan} on a real broker, with records at chosen timestamps: the oldest uncommitted input
 * is found per committed position, and the results from that time (less the skew) are read by key.
 */
class ResultsScanTest {
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    static final long T = System.currentTimeMillis() - 600_000; // ten minutes ago: the test's time origin

    static EmbeddedKafka kafka;

    @BeforeAll
    static void seed() throws Exception {
        kafka = EmbeddedKafka.start();
        try (var producer = new KafkaProducer<>(
                Map.<String, Object>of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new ByteArraySerializer())) {
            // hcx.manifests partition 0: offsets 0, 1, 2 at T, T+60 s, T+120 s; partition 1: one at T+30 s
            producer.send(record(Topics.MANIFESTS.name(), 0, T, "m0")).get();
            producer.send(record(Topics.MANIFESTS.name(), 0, T + 60_000, "m1")).get();
            producer.send(record(Topics.MANIFESTS.name(), 0, T + 120_000, "m2")).get();
            producer.send(record(Topics.MANIFESTS.name(), 1, T + 30_000, "m3")).get();
            // hcx.results partition 2, in time order: before the window, within the skew, after
            producer.send(record(Topics.RESULTS.name(), 2, T + 60_000 - 120_000, "too-old"))
                    .get();
            producer.send(record(Topics.RESULTS.name(), 2, T + 60_000 - 30_000, "skewed"))
                    .get();
            producer.send(record(Topics.RESULTS.name(), 2, T + 61_000, "after")).get();
            // partition 0: only an old one (offsetsForTimes finds nothing that recent there)
            producer.send(record(Topics.RESULTS.name(), 0, T - 600_000, "ancient"))
                    .get();
        }
    }

    private static ProducerRecord<String, byte[]> record(String topic, int partition, long timestamp, String key) {
        return new ProducerRecord<>(topic, partition, timestamp, key, new byte[] {1});
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    private static TopicPartition manifests(int p) {
        return new TopicPartition(Topics.MANIFESTS.name(), p);
    }

    @Test
    void theOldestUncommittedRecordBoundsTheScan() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        committed.put(manifests(0), new OffsetAndMetadata(1)); // T's record is done: T+60 s is next
        committed.put(manifests(1), new OffsetAndMetadata(1)); // fully committed
        committed.put(manifests(2), null); // empty partition, never committed
        try (var scan = new ResultsScan(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            assertThat(scan.oldestUncommitted(committed, TIMEOUT)).isEqualTo(OptionalLong.of(T + 60_000));

            committed.put(manifests(1), null); // no commit: from the beginning, T+30 s
            assertThat(scan.oldestUncommitted(committed, TIMEOUT)).isEqualTo(OptionalLong.of(T + 30_000));

            committed.put(manifests(0), new OffsetAndMetadata(3));
            committed.put(manifests(1), new OffsetAndMetadata(1));
            assertThat(scan.oldestUncommitted(committed, TIMEOUT)).isEmpty();
        }
    }

    @Test
    void resultsFromTheStartTimeOnAreReadByKey() throws Exception {
        try (var scan = new ResultsScan(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            long skew = 60_000;
            assertThat(scan.keysSince(Topics.RESULTS.name(), T + 60_000 - skew, TIMEOUT))
                    .containsExactlyInAnyOrder("skewed", "after");
            assertThat(scan.keysSince(Topics.RESULTS.name(), System.currentTimeMillis() + 60_000, TIMEOUT))
                    .isEmpty();
        }
    }
}
