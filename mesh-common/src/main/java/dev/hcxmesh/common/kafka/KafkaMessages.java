package dev.hcxmesh.common.kafka;

import com.google.protobuf.MessageLite;
import dev.hcxmesh.contracts.Topic;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/** Outgoing records for a typed {@link Topic}, keyed by request id, continuing the parent's trace. */
public final class KafkaMessages {
    private KafkaMessages() {}

    /**
     * A record for {@code topic} with {@code key}; when {@code parent} is given, its trace context is
     * carried so the consumer's span continues the same trace.
     */
    public static Message<byte[]> record(Topic<?> topic, String key, MessageLite value, Message<?> parent) {
        Metadata metadata = Metadata.of(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic.name())
                .withKey(key)
                .build());
        if (parent != null) {
            Optional<TracingMetadata> tracing = parent.getMetadata(TracingMetadata.class);
            if (tracing.isPresent()) {
                metadata = metadata.with(tracing.get());
            }
        }
        return Message.of(value.toByteArray(), metadata);
    }

    /** Topic, partition and offset of an incoming record, for logs and dead letters. */
    public static Optional<IncomingKafkaRecordMetadata<?, ?>> incoming(Message<?> message) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Optional<IncomingKafkaRecordMetadata<?, ?>> m =
                (Optional) message.getMetadata(IncomingKafkaRecordMetadata.class);
        return m;
    }

    /** The topic an incoming record came from ("" when not from Kafka, e.g. in-memory tests). */
    public static String topicOf(Message<?> message) {
        return incoming(message).map(IncomingKafkaRecordMetadata::getTopic).orElse("");
    }
}
