package dev.hcxmesh.common.kafka;

import com.google.protobuf.ByteString;
import dev.hcxmesh.common.MeshException;
import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.events.v1.DeadLetter;
import dev.hcxmesh.events.v1.Meta;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Sends what a stage could not process to {@code hcx.dead-letter}, with the original bytes, where
 * they came from and the typed cause. Nothing is dropped silently: the incoming message is acked
 * only once its dead letter is written.
 */
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    /** The channel every service maps to {@code hcx.dead-letter}. */
    public static final String CHANNEL = "dead-letter-out";

    @Inject
    @Channel(CHANNEL)
    Emitter<byte[]> emitter;

    @Inject
    MeterRegistry registry;

    /**
     * Writes a dead letter for {@code incoming} and completes when the broker has it.
     *
     * @param meta what could be read of the event's meta (may be null for unparseable payloads)
     */
    public CompletionStage<Void> publish(Message<byte[]> incoming, Meta meta, String stage, Throwable cause) {
        var in = KafkaMessages.incoming(incoming);
        String requestId = meta == null ? "" : meta.getRequestId();
        var letter = DeadLetter.newBuilder()
                .setStage(stage)
                .setError(MeshException.detailOf(cause, stage, requestId))
                .setException(cause.getClass().getName() + ": " + cause.getMessage())
                .setFailedUnixMs(System.currentTimeMillis());
        if (meta != null) {
            letter.setMeta(meta);
        }
        if (incoming.getPayload() != null) {
            letter.setPayload(ByteString.copyFrom(incoming.getPayload()));
        }
        in.ifPresent(m -> {
            letter.setSourceTopic(m.getTopic())
                    .setSourcePartition(m.getPartition())
                    .setSourceOffset(m.getOffset());
            Object key = m.getKey();
            if (key != null) {
                letter.setSourceKey(ByteString.copyFrom(key.toString(), StandardCharsets.UTF_8));
            }
        });
        String topic = letter.getSourceTopic();
        LOG.warnf(
                "dead letter from %s %s@%d: %s",
                stage, topic, letter.getSourceOffset(), letter.getError().getMessage());
        registry.counter(
                        "hcx_dead_letters_total",
                        "stage",
                        stage,
                        "code",
                        letter.getError().getCode().name())
                .increment();
        String key = requestId.isEmpty() ? topic + "@" + letter.getSourceOffset() : requestId;
        Message<byte[]> out = KafkaMessages.record(Topics.DEAD_LETTER, key, letter.build(), incoming);
        var done = new java.util.concurrent.CompletableFuture<Void>();
        emitter.send(out.withAck(() -> {
                    done.complete(null);
                    return done;
                })
                .withNack(t -> {
                    done.completeExceptionally(t);
                    return done;
                }));
        return done;
    }
}
