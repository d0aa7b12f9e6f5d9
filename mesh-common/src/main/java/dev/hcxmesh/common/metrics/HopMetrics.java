package dev.hcxmesh.common.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The three parts of a mesh hop, as timers with histogram buckets ({@link MeshMeterFilters}):
 *
 * <ul>
 *   <li>{@value #PRODUCE}{@code {topic}}: record created (producer {@code send()}) → broker ack;
 *   <li>{@value #TRANSPORT}{@code {topic, group}}: record created → the consumer's poll returns it
 *       (includes the produce part; both from {@link dev.hcxmesh.common.kafka.HopTimingInterceptor});
 *   <li>{@value #QUEUE}{@code {stage, topic}}: poll → the stage starts working on the record (SmallRye's
 *       buffer, the worker hand-off, a stage's own queue such as the encoder's batcher);
 * </ul>
 *
 * and the engine part is each stage's own timer ({@code hcx_ingest_prepare_seconds}, {@code
 * hcx_encoder_batch_seconds}, {@code hcx_ocr_seconds}, {@code hcx_decoder_generate_seconds}).
 * Timers are registered in Micrometer's global registry, which Quarkus backs with its Prometheus
 * registry (the interceptor is created by the Kafka client, outside CDI).
 */
public final class HopMetrics {
    /** Kafka header the consumer interceptor sets: this JVM's {@link System#nanoTime()} at poll. */
    public static final String POLLED_HEADER = "hcx-polled-nanos";

    public static final String TRANSPORT = "hcx_kafka_transport_seconds";
    public static final String PRODUCE = "hcx_kafka_produce_seconds";
    public static final String QUEUE = "hcx_stage_queue_seconds";
    public static final String INTERCEPTOR_FAILURES = "hcx_kafka_interceptor_failures_total";

    private static final Pattern UUID_SUFFIX =
            Pattern.compile("-?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    private static final Map<String, Timer> TIMERS = new ConcurrentHashMap<>();

    private HopMetrics() {}

    /** A consumer group as a tag: a per-instance UUID suffix (broadcast consumers) is cut off. */
    public static String groupTag(String groupId) {
        String g = UUID_SUFFIX.matcher(groupId).replaceFirst("");
        return g.isEmpty() ? "anonymous" : g;
    }

    /** Records CreateTime → poll for one record. */
    public static void transport(String topic, String group, long millis) {
        TIMERS.computeIfAbsent(TRANSPORT + '|' + topic + '|' + group, k -> Timer.builder(TRANSPORT)
                        .description("Kafka record created (producer send) to returned by the consumer's poll")
                        .tags("topic", topic, "group", group)
                        .register(Metrics.globalRegistry))
                .record(millis, TimeUnit.MILLISECONDS);
    }

    /** Records CreateTime → broker acknowledgement for one produced record. */
    public static void produce(String topic, long millis) {
        TIMERS.computeIfAbsent(PRODUCE + '|' + topic, k -> Timer.builder(PRODUCE)
                        .description("Kafka record created (producer send) to acknowledged by the broker")
                        .tags("topic", topic)
                        .register(Metrics.globalRegistry))
                .record(millis, TimeUnit.MILLISECONDS);
    }

    public static void interceptorFailure() {
        Metrics.globalRegistry.counter(INTERCEPTOR_FAILURES).increment();
    }

    /**
     * The poll instant the interceptor stamped on {@code message} ({@link System#nanoTime()} of this
     * JVM), or -1 when it is not a polled Kafka record (in-memory tests, emitters).
     */
    public static long polledNanos(Message<?> message) {
        try {
            return message.getMetadata(IncomingKafkaRecordMetadata.class)
                    .map(m -> m.getHeaders().lastHeader(POLLED_HEADER))
                    .map(Header::value)
                    .filter(v -> v != null && v.length == Long.BYTES)
                    .map(v -> ByteBuffer.wrap(v).getLong())
                    .orElse(-1L);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Records poll → now as {@code stage}'s queue time for {@code message}; no-op when it was not polled. */
    public static void queued(MeterRegistry registry, Message<?> message, String stage) {
        long polled = polledNanos(message);
        if (polled >= 0) {
            String topic = message.getMetadata(IncomingKafkaRecordMetadata.class)
                    .map(IncomingKafkaRecordMetadata::getTopic)
                    .orElse("");
            queued(registry, stage, topic, polled);
        }
    }

    /** Records poll ({@code polledNanos}) → now as {@code stage}'s queue time for a record of {@code topic}. */
    public static void queued(MeterRegistry registry, String stage, String topic, long polledNanos) {
        if (polledNanos < 0) {
            return;
        }
        Timer.builder(QUEUE)
                .description("Kafka record returned by poll to the stage starting work on it")
                .tags("stage", stage, "topic", topic)
                .register(registry)
                .record(Math.max(0, System.nanoTime() - polledNanos), TimeUnit.NANOSECONDS);
    }
}
