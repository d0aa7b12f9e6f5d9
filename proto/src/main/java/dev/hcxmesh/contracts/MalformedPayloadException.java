package dev.hcxmesh.contracts;

/** A Kafka value that is not the message its topic carries: a poison message for the dead-letter topic. */
public final class MalformedPayloadException extends RuntimeException {
    private final String topic;

    public MalformedPayloadException(String topic, String message) {
        super(topic + ": " + message);
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }
}
