package dev.hcxmesh.common.kafka;

import dev.hcxmesh.contracts.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Inject;
import java.time.Duration;
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
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Request ids with a result on {@code hcx.results}, so that a stage acknowledges and ignores replayed
 * input of an answered request instead of doing its work (and publishing its result) again.
 *
 * <p>A stage adds each request it answers. A result published just before a crash (or before a
 * rebalance moved the partition) has input records that were never committed: whoever gets the
 * partitions next replays them. So on every assignment, before the first record is delivered (a
 * rebalance listener runs inside the consumer's poll), the ids of the results published since the
 * oldest uncommitted input record are read from {@code hcx.results} ({@link ResultsScan}).
 *
 * <p>It is the rebalance listener named {@value #LISTENER} (a stage's incoming channel sets {@code
 * consumer-rebalance-listener.name}); a stage with more to do on a rebalance calls {@link
 * #onPartitionsAssigned} from its own listener.
 */
@ApplicationScoped
@Default
@Identifier(AnsweredRequests.LISTENER)
public class AnsweredRequests implements KafkaConsumerRebalanceListener {
    private static final Logger LOG = Logger.getLogger(AnsweredRequests.class);
    public static final String LISTENER = "hcx-answered-requests";
    static final int CAPACITY = 100_000;

    /** The scan on assignment ({@code hcx.replays.*}). */
    @ConfigMapping(prefix = "hcx.replays")
    public interface Settings {
        /** Read hcx.results on each partition assignment; off: replays of answered requests are redone. */
        @WithDefault("true")
        boolean scanResults();

        /**
         * How far the producers' clocks may disagree: results up to this long before the oldest
         * uncommitted input record are read too.
         */
        @WithDefault("60s")
        Duration clockSkew();

        /** Longest each read of the scan may take; past it the stage goes on without the scan. */
        @WithDefault("30s")
        Duration scanTimeout();
    }

    @Inject
    Settings settings;

    @Inject
    MeterRegistry registry;

    @Inject
    @Identifier("default-kafka-broker") // the kafka.* settings (servers, security), from quarkus-kafka-client
    Map<String, Object> kafkaConfig;

    private final Set<String> ids = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CAPACITY;
        }
    });

    @PostConstruct
    void exportCounters() { // from the first assignment on, 0 until a scan fails
        registry.counter("hcx_results_scan_failures_total");
    }

    public boolean contains(String requestId) {
        synchronized (ids) {
            return ids.contains(requestId);
        }
    }

    /**
     * Whether a record of {@code requestId} is a replay of an answered request, which {@code stage}
     * then acknowledges without work (counted as {@code hcx_replays_skipped_total{stage}}).
     */
    public boolean skipReplay(String requestId, String stage) {
        if (!contains(requestId)) {
            return false;
        }
        registry.counter("hcx_replays_skipped_total", "stage", stage).increment();
        return true;
    }

    public void add(String requestId) {
        synchronized (ids) {
            ids.add(requestId);
        }
    }

    /** Adds the requests answered on {@code hcx.results} that the replay of {@code partitions} may repeat. */
    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!settings.scanResults() || partitions.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        Duration timeout = settings.scanTimeout();
        try (var scan = new ResultsScan(kafkaConfig)) {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions), timeout);
            OptionalLong oldest = scan.oldestUncommitted(committed, timeout);
            if (oldest.isEmpty()) {
                LOG.infof("%d partitions assigned, all committed: no replays to check", partitions.size());
                return;
            }
            long from = oldest.getAsLong() - settings.clockSkew().toMillis();
            Set<String> answered = scan.keysSince(Topics.RESULTS.name(), from, timeout);
            answered.forEach(this::add);
            LOG.infof(
                    "%d partitions assigned: %d results since %s (oldest uncommitted input less the clock skew) "
                            + "mark their requests answered; read in %.0f ms",
                    partitions.size(), answered.size(), Instant.ofEpochMilli(from), (System.nanoTime() - t0) / 1e6);
        } catch (WakeupException e) {
            throw e; // the consumer is closing (the connector's close wakes it): no scan is needed
        } catch (TimeoutException | KafkaException e) {
            // going on beats a stage stuck in its assignment: a replay may now be answered a second time
            registry.counter("hcx_results_scan_failures_total").increment();
            LOG.errorf(e, "could not read hcx.results on assignment; replayed requests may be answered twice");
        }
    }
}
