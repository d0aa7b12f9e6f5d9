package dev.hcxmesh.decoder.messaging;

import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.decoder.admission.DecoderConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Request ids with a result on {@code hcx.results}, so that replayed input records of a finished
 * request are acknowledged and ignored instead of generated again.
 *
 * <p>This instance adds each request it answers. A result published just before a crash (or before a
 * rebalance moved the partition) has input records that were never committed: the instance that gets
 * the partitions next replays them. So on every assignment, before the first record is delivered
 * ({@link DecoderRebalance} runs inside the consumer's poll), {@link #recover} reads the ids of the
 * results published since the oldest uncommitted input record from {@code hcx.results} ({@link
 * ResultsScan}).
 */
@ApplicationScoped
public class FinishedRequests {
    private static final Logger LOG = Logger.getLogger(FinishedRequests.class);
    static final int CAPACITY = 100_000;

    @Inject
    DecoderConfig config;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final Set<String> ids = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CAPACITY;
        }
    });

    public boolean contains(String requestId) {
        synchronized (ids) {
            return ids.contains(requestId);
        }
    }

    public void add(String requestId) {
        synchronized (ids) {
            ids.add(requestId);
        }
    }

    /** Adds the requests answered on {@code hcx.results} that the replay of {@code partitions} may repeat. */
    void recover(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        var replays = config.replays();
        if (!replays.scanResults() || partitions.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        try (var scan = new ResultsScan(bootstrapServers)) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    consumer.committed(Set.copyOf(partitions), replays.scanTimeout());
            OptionalLong oldest = scan.oldestUncommitted(committed, replays.scanTimeout());
            if (oldest.isEmpty()) {
                LOG.infof("%d partitions assigned, all committed: no replays to check", partitions.size());
                return;
            }
            long from = oldest.getAsLong() - replays.clockSkew().toMillis();
            Set<String> answered = scan.keysSince(Topics.RESULTS.name(), from, replays.scanTimeout());
            answered.forEach(this::add);
            LOG.infof(
                    "%d partitions assigned: %d results since %s (oldest uncommitted input less the clock skew) "
                            + "mark their requests finished; read in %.0f ms",
                    partitions.size(), answered.size(), Instant.ofEpochMilli(from), (System.nanoTime() - t0) / 1e6);
        } catch (TimeoutException | KafkaException e) {
            // going on beats a decoder stuck in its assignment: a replay may now be answered a second time
            registry.counter("hcx_decoder_results_scan_failures_total").increment();
            LOG.errorf(e, "could not read hcx.results on assignment; replayed requests may be answered twice");
        }
    }
}
