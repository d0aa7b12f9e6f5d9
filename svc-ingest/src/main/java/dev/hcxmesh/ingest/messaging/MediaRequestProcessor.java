package dev.hcxmesh.ingest.messaging;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.api.v1.JobResult;
import dev.hcxmesh.api.v1.MediaKind;
import dev.hcxmesh.api.v1.MediaSource;
import dev.hcxmesh.api.v1.Progress;
import dev.hcxmesh.common.MeshException;
import dev.hcxmesh.common.kafka.AnsweredRequests;
import dev.hcxmesh.common.kafka.DeadLetters;
import dev.hcxmesh.common.kafka.Envelopes;
import dev.hcxmesh.common.kafka.KafkaMessages;
import dev.hcxmesh.common.metrics.HopMetrics;
import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.events.v1.GenerationResult;
import dev.hcxmesh.events.v1.MediaRequest;
import dev.hcxmesh.events.v1.Meta;
import dev.hcxmesh.events.v1.ProgressEvent;
import dev.hcxmesh.events.v1.Purpose;
import dev.hcxmesh.ingest.config.IngestConfig;
import dev.hcxmesh.ingest.intake.JobIntake;
import dev.hcxmesh.ingest.live.LiveStreams;
import dev.hcxmesh.ingest.pipeline.FanOut;
import dev.hcxmesh.ingest.pipeline.MediaFetcher;
import dev.hcxmesh.ingest.pipeline.MediaPreparer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code hcx.media.requests}: fetches the media, preprocesses it and fans it out to the
 * stages. A request that cannot be processed gets a typed error result (so its caller is answered)
 * and a dead letter with the cause; its offset is committed only after both are written. A request
 * that already has its result (replayed after a restart) is acknowledged without work ({@link
 * AnsweredRequests}).
 */
@ApplicationScoped
public class MediaRequestProcessor {
    private static final Logger LOG = Logger.getLogger(MediaRequestProcessor.class);
    static final String STAGE = "ingest";

    @Inject
    @Channel("mesh-out")
    MutinyEmitter<byte[]> out;

    @Inject
    MediaPreparer preparer;

    @Inject
    MediaFetcher fetcher;

    @Inject
    DeadLetters deadLetters;

    @Inject
    AnsweredRequests answered;

    @Inject
    IngestConfig config;

    @Inject
    JobIntake intake;

    @Inject
    MeterRegistry registry;

    @Inject
    LiveStreams live;

    @Incoming("media-requests-in")
    @Blocking
    public CompletionStage<Void> consume(Message<byte[]> message) {
        HopMetrics.queued(registry, message, STAGE);
        MediaRequest request;
        try {
            request = Topics.MEDIA_REQUESTS.parse(message.getPayload());
            Envelopes.checkVersion(request.getMeta(), Topics.MEDIA_REQUESTS.name());
        } catch (RuntimeException e) {
            var malformed = new MeshException(ErrorCode.MESSAGE_MALFORMED, STAGE, e.getMessage());
            return deadLetters.publish(message, null, STAGE, malformed).thenCompose(v -> message.ack());
        }
        Meta meta = Envelopes.child(withRequestId(request.getMeta(), message));
        if (answered.skipReplay(meta.getRequestId(), STAGE)) {
            return message.ack(); // replayed after a restart: the request already has its result
        }
        if (request.getMedia().getKind() == MediaKind.LIVE_STREAM) {
            return startLive(message, request, meta);
        }
        Timer.Sample timer = Timer.start(registry);
        try {
            byte[] bytes = resolve(request.getMedia());
            var items = preparer.prepare(request, bytes);
            // an embed-only request (the decoder's image parts) needs rows, not OCR/Lens text
            boolean enrich = !request.getTask().getDisableEnrichment() && request.getPurpose() != Purpose.PURPOSE_EMBED;
            var records = FanOut.records(request, meta, items, enrich, config.enrichmentDeadline());
            List<Uni<Void>> sends = new ArrayList<>();
            for (var r : records) {
                sends.add(out.sendMessage(KafkaMessages.record(r.topic(), r.key(), r.value(), message)));
            }
            sends.add(progress(meta, 1.0, "preprocessed " + items.size() + " item(s)", message));
            timer.stop(registry.timer("hcx_ingest_prepare_seconds"));
            return Uni.join()
                    .all(sends)
                    .andFailFast()
                    .replaceWithVoid()
                    .subscribeAsCompletionStage()
                    .thenCompose(v -> message.ack());
        } catch (RuntimeException e) {
            LOG.warnf("request %s failed in ingest: %s", meta.getRequestId(), e.getMessage());
            registry.counter("hcx_ingest_failures_total").increment();
            return fail(message, meta, e);
        }
    }

    /**
     * Hands a live stream to {@link LiveStreams}; the record is acked once the stream has started
     * (a crash mid-stream does not resume it, see {@link LiveStreams}). A refusal (URL, limit) takes
     * the {@link #fail} path.
     */
    private CompletionStage<Void> startLive(Message<byte[]> message, MediaRequest request, Meta meta) {
        try {
            String streamId = live.start(request, meta);
            return progress(meta, 0.0, "live stream " + streamId + " started", message)
                    .subscribeAsCompletionStage()
                    .thenCompose(v -> message.ack());
        } catch (RuntimeException e) {
            LOG.warnf("live stream %s refused: %s", meta.getRequestId(), e.getMessage());
            registry.counter("hcx_ingest_failures_total").increment();
            return fail(message, meta, e);
        }
    }

    /**
     * Events written straight to the topic by external producers may carry no request id: derive a
     * deterministic one from the idempotency key (or the record's position), so a replay maps to the
     * same job.
     */
    static Meta withRequestId(Meta meta, Message<?> message) {
        if (!meta.getRequestId().isEmpty()) {
            return meta;
        }
        String basis = !meta.getIdempotencyKey().isEmpty()
                ? "key:" + meta.getIdempotencyKey()
                : KafkaMessages.incoming(message)
                        .map(m -> "pos:" + m.getTopic() + "/" + m.getPartition() + "/" + m.getOffset())
                        .orElse("random:" + java.util.UUID.randomUUID());
        String id = java.util
                .UUID
                .nameUUIDFromBytes(basis.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
        return meta.toBuilder()
                .setRequestId(id)
                .setSchemaVersion(dev.hcxmesh.contracts.Schema.VERSION)
                .build();
    }

    private byte[] resolve(MediaSource media) {
        return switch (media.getSourceCase()) {
            case INLINE_BYTES -> media.getInlineBytes().toByteArray();
            case OBJECT_REF -> intake.blobs().get(media.getObjectRef().getUri());
            case URL -> fetcher.fetch(media.getUrl());
            case SOURCE_NOT_SET -> throw new MeshException(ErrorCode.MEDIA_UNSUPPORTED, STAGE, "request has no media");
        };
    }

    private Uni<Void> progress(Meta meta, double fraction, String text, Message<?> parent) {
        var event = ProgressEvent.newBuilder()
                .setMeta(meta)
                .setProgress(Progress.newBuilder()
                        .setJobId(meta.getRequestId())
                        .setStage(STAGE)
                        .setFraction(fraction)
                        .setMessage(text))
                .build();
        return out.sendMessage(KafkaMessages.record(Topics.PROGRESS, meta.getRequestId(), event, parent));
    }

    /** Error result for the caller plus a dead letter with the cause; then the offset may be committed. */
    private CompletionStage<Void> fail(Message<byte[]> message, Meta meta, RuntimeException cause) {
        var result = GenerationResult.newBuilder()
                .setMeta(meta)
                .setResult(JobResult.newBuilder()
                        .setJobId(meta.getRequestId())
                        .setFinishReason("error")
                        .setError(MeshException.detailOf(cause, STAGE, meta.getRequestId())))
                .build();
        return out.sendMessage(KafkaMessages.record(Topics.RESULTS, meta.getRequestId(), result, message))
                .subscribeAsCompletionStage()
                .thenCompose(v -> {
                    answered.add(meta.getRequestId());
                    return deadLetters.publish(message, meta, STAGE, cause);
                })
                .thenCompose(v -> message.ack());
    }
}
