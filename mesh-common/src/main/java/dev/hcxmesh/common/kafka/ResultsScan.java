package dev.hcxmesh.common.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The two reads that tell a newly assigned consumer which replayed requests were already answered: the
 * time of the oldest record its group has not committed, and the keys (request ids) of the results
 * published since then. A groupless consumer of its own does both; values are never deserialised.
 *
 * <p>Why the oldest uncommitted record bounds the scan: a request is replayed only when one of its
 * input records is at or after its partition's committed offset, and its result was published after
 * that record was consumed, so after the oldest such record was produced (less the producers' clock
 * skew).
 */
public final class ResultsScan implements AutoCloseable {
    private static final Deserializer<Void> SKIP = (topic, data) -> null;
    private static final Duration POLL = Duration.ofMillis(200);

    private final Consumer<String, Void> peek;

    /**
     * A scan with the service's Kafka client settings ({@code kafka.*}: bootstrap servers, and in a
     * secured cluster the security protocol and SASL/TLS settings); it joins no group.
     */
    public ResultsScan(Map<String, ?> clientConfig) {
        Properties p = new Properties();
        p.putAll(clientConfig);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "hcx-results-scan-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // the first record of a partition is all the first read needs (a larger batch still comes whole)
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(1 << 20));
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
        peek = new KafkaConsumer<>(p, new StringDeserializer(), SKIP);
    }

    /**
     * The smallest timestamp among the records at the committed positions of {@code committed}'s
     * partitions (a partition without a commit starts at its beginning, as the group's {@code
     * auto.offset.reset=earliest} does); empty when every partition is fully committed.
     */
    public OptionalLong oldestUncommitted(Map<TopicPartition, OffsetAndMetadata> committed, Duration timeout)
            throws TimeoutException {
        Set<TopicPartition> partitions = committed.keySet();
        Map<TopicPartition, Long> begin = peek.beginningOffsets(partitions, timeout);
        Map<TopicPartition, Long> end = peek.endOffsets(partitions, timeout);
        Map<TopicPartition, Long> from = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            long position = c == null ? begin.get(tp) : Math.max(begin.get(tp), c.offset());
            if (position < end.get(tp)) {
                from.put(tp, position);
            }
        }
        if (from.isEmpty()) {
            return OptionalLong.empty();
        }
        peek.assign(from.keySet());
        from.forEach(peek::seek);
        long oldest = Long.MAX_VALUE;
        Set<TopicPartition> left = new HashSet<>(from.keySet());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!left.isEmpty()) {
            checkDeadline(deadline, left.size() + " partitions without their first uncommitted record");
            for (ConsumerRecord<String, Void> r : peek.poll(POLL)) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (left.remove(tp)) {
                    oldest = Math.min(oldest, r.timestamp());
                    peek.pause(List.of(tp));
                }
            }
            left.removeIf(tp -> peek.position(tp) >= end.get(tp)); // only control records were left
        }
        peek.unsubscribe();
        return oldest == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(oldest);
    }

    /**
     * The keys of the records of {@code topic} from the first with a timestamp at or after {@code fromMs}
     * up to the topic's end now.
     */
    public Set<String> keysSince(String topic, long fromMs, Duration timeout) throws TimeoutException {
        List<PartitionInfo> infos = peek.partitionsFor(topic, timeout);
        Map<TopicPartition, Long> at = new HashMap<>();
        for (PartitionInfo i : infos) {
            at.put(new TopicPartition(i.topic(), i.partition()), fromMs);
        }
        Map<TopicPartition, OffsetAndTimestamp> start = peek.offsetsForTimes(at, timeout);
        Map<TopicPartition, Long> end = peek.endOffsets(at.keySet(), timeout);
        peek.assign(at.keySet());
        for (TopicPartition tp : at.keySet()) {
            OffsetAndTimestamp s = start.get(tp);
            peek.seek(tp, s == null ? end.get(tp) : s.offset()); // null: nothing that recent
        }
        Set<String> keys = new HashSet<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (at.keySet().stream().anyMatch(tp -> peek.position(tp) < end.get(tp))) {
            checkDeadline(deadline, "results not read to their end");
            for (ConsumerRecord<String, Void> r : peek.poll(POLL)) {
                if (r.key() != null) {
                    keys.add(r.key());
                }
            }
        }
        peek.unsubscribe();
        return keys;
    }

    private static void checkDeadline(long deadline, String what) throws TimeoutException {
        if (System.nanoTime() - deadline > 0) {
            throw new TimeoutException(what);
        }
    }

    @Override
    public void close() {
        peek.close(Duration.ofSeconds(2));
    }
}
