package dev.hcxmesh.common.kafka;

import dev.hcxmesh.common.metrics.HopMetrics;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;

/**
 * Times the Kafka part of every mesh hop, configured once for every client of every service
 * ({@code interceptor.classes} in mesh-common's shared connector config, so it is both kinds):
 *
 * <ul>
 *   <li>consumer, {@link #onConsume} (runs inside {@code poll()}, on the polling thread): transport =
 *       the record's CreateTime (stamped by the producer's {@code send()}) → the moment poll returns
 *       it, as {@value HopMetrics#TRANSPORT}{@code {topic, group}}; and stamps the record with the
 *       poll instant (header {@value HopMetrics#POLLED_HEADER}, this JVM's nanoTime) so the stage can
 *       time its own queue ({@link HopMetrics#queued});
 *   <li>producer, {@link #onAcknowledgement} (the producer's I/O thread): CreateTime → broker ack
 *       (linger, batching, {@code acks=all}), as {@value HopMetrics#PRODUCE}{@code {topic}}.
 * </ul>
 *
 * <p>Transport compares two processes' wall clocks; the mesh runs on one host (loopback), where they
 * are the same clock. Across hosts it also holds their NTP offset. Both callbacks are a clock read,
 * a map lookup and a histogram update per record; they never throw (a failure is counted and
 * dropped, the record goes on unchanged).
 */
public final class HopTimingInterceptor
        implements ConsumerInterceptor<Object, Object>, ProducerInterceptor<Object, Object> {
    private volatile String group = "";

    @Override
    public void configure(Map<String, ?> configs) {
        Object g = configs.get("group.id");
        group = g == null ? "" : HopMetrics.groupTag(g.toString());
    }

    @Override
    public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
        try {
            long now = System.currentTimeMillis();
            byte[] polled =
                    ByteBuffer.allocate(Long.BYTES).putLong(System.nanoTime()).array();
            for (ConsumerRecord<Object, Object> r : records) {
                if (r.timestampType() == TimestampType.CREATE_TIME && r.timestamp() > 0) {
                    HopMetrics.transport(r.topic(), group, Math.max(0, now - r.timestamp()));
                }
                r.headers().remove(HopMetrics.POLLED_HEADER).add(HopMetrics.POLLED_HEADER, polled);
            }
        } catch (RuntimeException e) {
            HopMetrics.interceptorFailure();
        }
        return records;
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        try {
            if (exception == null && metadata != null && metadata.hasTimestamp() && metadata.timestamp() > 0) {
                HopMetrics.produce(metadata.topic(), Math.max(0, System.currentTimeMillis() - metadata.timestamp()));
            }
        } catch (RuntimeException e) {
            HopMetrics.interceptorFailure();
        }
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {}

    @Override
    public void close() {}
}
