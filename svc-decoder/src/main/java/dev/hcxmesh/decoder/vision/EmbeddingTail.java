package dev.hcxmesh.decoder.vision;

import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.events.v1.GenerationResult;
import dev.hcxmesh.events.v1.VisualEmbeddings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * A groupless "tail" of {@code hcx.embeddings} and {@code hcx.results}: every decoder instance assigns
 * itself all partitions, starts at the end (positions are fixed before {@link #ready()} completes, so
 * nothing published after that is missed) and hands records only for the request ids this instance
 * waits for to their {@link Listener}. Records of other requests are skipped by key, unparsed. No
 * offsets are committed: a restarted instance has no requests in flight.
 */
public final class EmbeddingTail implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddingTail.class);
    private static final List<String> TOPICS = List.of(Topics.EMBEDDINGS.name(), Topics.RESULTS.name());

    /** Receives the records of one request id, on the tail's thread. */
    public interface Listener {
        void onEmbeddings(VisualEmbeddings chunk);

        void onResult(GenerationResult result);

        /** A record of this request that does not parse. */
        void onMalformed(String topic, RuntimeException cause);
    }

    private final Map<String, Listener> listeners = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    /** Starts the tail's thread with the service's Kafka client settings ({@code kafka.*}); it joins no group. */
    public EmbeddingTail(Map<String, ?> clientConfig) {
        Properties p = new Properties();
        p.putAll(clientConfig);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "hcx-decoder-vision-tail-" + java.util.UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                Integer.toString(Topics.TOPIC_MAX_MESSAGE_BYTES + (1 << 20)));
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        thread = Thread.ofPlatform().name("vision-tail").daemon().start(this::run);
    }

    /** Completes once every partition's start position is fixed. */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    /** Routes the records keyed {@code requestId} to {@code listener} until {@link #forget}. */
    public void expect(String requestId, Listener listener) {
        listeners.put(requestId, listener);
    }

    public void forget(String requestId) {
        listeners.remove(requestId);
    }

    /** Request ids waited for now. */
    public int waiting() {
        return listeners.size();
    }

    private void run() {
        while (running) {
            try {
                if (!ready.isDone() && !assign()) {
                    Thread.sleep(500);
                    continue;
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Listener l = r.key() == null ? null : listeners.get(r.key());
                    if (l != null) {
                        dispatch(r, l);
                    }
                }
            } catch (WakeupException | InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                LOG.warnf("vision tail: %s; retrying", e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    break;
                }
            }
        }
        consumer.close(Duration.ofSeconds(2));
    }

    /** Assigns all partitions of both topics at their end; false while a topic has no partitions yet. */
    private boolean assign() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                LOG.debugf("vision tail: topic %s has no partitions yet", topic);
                return false;
            }
            infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolves the end now, before any request is published
        LOG.infof("vision tail: following %d partitions of %s from their end", partitions.size(), TOPICS);
        ready.complete(null);
        return true;
    }

    private static void dispatch(ConsumerRecord<String, byte[]> r, Listener l) {
        try {
            if (r.topic().equals(Topics.EMBEDDINGS.name())) {
                l.onEmbeddings(Topics.EMBEDDINGS.parse(r.value()));
            } else {
                l.onResult(Topics.RESULTS.parse(r.value()));
            }
        } catch (RuntimeException e) {
            l.onMalformed(r.topic(), e);
        }
    }

    @Override
    public void close() {
        running = false;
        ready.completeExceptionally(new IllegalStateException("vision tail closed"));
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
