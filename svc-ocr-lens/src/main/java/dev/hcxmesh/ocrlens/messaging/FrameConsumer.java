package dev.hcxmesh.ocrlens.messaging;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.common.MeshException;
import dev.hcxmesh.common.kafka.DeadLetters;
import dev.hcxmesh.common.kafka.Envelopes;
import dev.hcxmesh.common.kafka.KafkaMessages;
import dev.hcxmesh.common.metrics.HopMetrics;
import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.events.v1.Enrichment;
import dev.hcxmesh.events.v1.EnrichmentStatus;
import dev.hcxmesh.events.v1.FrameBatch;
import dev.hcxmesh.ocrlens.stage.EnrichmentStage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code hcx.frames} and publishes one {@link Enrichment} per frame batch. An OCR failure
 * still answers (status FAILED with the typed error) so the decoder never waits past its deadline
 * for nothing; the failing record also goes to the dead-letter topic.
 */
@ApplicationScoped
public class FrameConsumer {
    private static final Logger LOG = Logger.getLogger(FrameConsumer.class);
    static final String STAGE = "ocr-lens";

    @Inject
    EnrichmentStage stage;

    @Inject
    DeadLetters deadLetters;

    @Inject
    MeterRegistry registry;

    @Inject
    @Channel("enrichment-out")
    MutinyEmitter<byte[]> out;

    @Incoming("frames-in")
    @Blocking
    public CompletionStage<Void> consume(Message<byte[]> message) {
        HopMetrics.queued(registry, message, STAGE);
        FrameBatch frames;
        try {
            frames = Topics.FRAMES.parse(message.getPayload());
            Envelopes.checkVersion(frames.getMeta(), Topics.FRAMES.name());
        } catch (RuntimeException e) {
            var cause = new MeshException(ErrorCode.MESSAGE_MALFORMED, STAGE, e.getMessage());
            return deadLetters.publish(message, null, STAGE, cause).thenCompose(v -> message.ack());
        }
        var meta = Envelopes.child(frames.getMeta());
        Enrichment.Builder result;
        RuntimeException failure = null;
        Timer.Sample sample = Timer.start(registry);
        try {
            result = stage.enrich(frames);
        } catch (RuntimeException e) {
            LOG.warnf("OCR/Lens failed for %s: %s", meta.getRequestId(), e.getMessage());
            failure = e;
            result = Enrichment.newBuilder()
                    .setStatus(EnrichmentStatus.ENRICHMENT_FAILED)
                    .setError(MeshException.detailOf(e, STAGE, meta.getRequestId()));
        }
        long nanos = sample.stop(registry.timer("hcx_ocr_seconds"));
        registry.counter("hcx_ocr_words_total").increment(result.getWordsCount());
        var enrichment = result.setMeta(meta)
                .setItemIndex(frames.getItemIndex())
                .setPartIndex(frames.getPartIndex())
                .setPartCount(Math.max(1, frames.getPartCount()))
                .setOcrMillis(nanos / 1e6)
                .build();
        var sent = out.sendMessage(KafkaMessages.record(Topics.ENRICHMENT, meta.getRequestId(), enrichment, message))
                .subscribeAsCompletionStage();
        if (failure != null) {
            RuntimeException cause = failure;
            return sent.thenCompose(v -> deadLetters.publish(message, meta, STAGE, cause))
                    .thenCompose(v -> message.ack());
        }
        return sent.thenCompose(v -> message.ack());
    }
}
