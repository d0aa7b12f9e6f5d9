package dev.hcxmesh.contracts;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.Map;
import java.util.Objects;

/**
 * A Kafka topic of the mesh: its name, the Protobuf message every value holds, and how it is
 * created. Keys are always the UTF-8 request id (or stream id for live streams), so all events of
 * one job land on one partition, in order.
 *
 * @param name topic name
 * @param valueType the Protobuf message class of every value
 * @param parser parser for {@code valueType}
 * @param partitions partitions created by the mesh's admin step
 * @param configs topic configs (retention, max.message.bytes, cleanup policy)
 */
public record Topic<V extends Message>(
        String name, Class<V> valueType, Parser<V> parser, int partitions, Map<String, String> configs) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(valueType, "valueType");
        Objects.requireNonNull(parser, "parser");
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + ": partitions must be >= 1, got " + partitions);
        }
        configs = Map.copyOf(configs);
    }

    /** Parses a value of this topic; a malformed payload raises {@link MalformedPayloadException}. */
    public V parse(byte[] payload) {
        if (payload == null) {
            throw new MalformedPayloadException(
                    name, "null payload (tombstone) where a " + valueType.getSimpleName() + " was expected");
        }
        try {
            return parser.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedPayloadException(
                    name,
                    "payload of " + payload.length + " bytes is not a " + valueType.getSimpleName() + ": "
                            + e.getMessage());
        }
    }
}
