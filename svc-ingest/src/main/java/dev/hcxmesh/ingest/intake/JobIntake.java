package dev.hcxmesh.ingest.intake;

import com.google.protobuf.ByteString;
import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.api.v1.MediaSource;
import dev.hcxmesh.api.v1.ObjectRef;
import dev.hcxmesh.api.v1.SubmitRequest;
import dev.hcxmesh.api.v1.SubmitResponse;
import dev.hcxmesh.common.MeshException;
import dev.hcxmesh.common.kafka.Envelopes;
import dev.hcxmesh.common.kafka.KafkaMessages;
import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.events.v1.MediaRequest;
import dev.hcxmesh.ingest.config.IngestConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Turns a submission (gRPC, HTTP upload or Kafka event) into a job: checks it, applies the
 * idempotency key, moves large bytes to the claim-check store and publishes one {@link MediaRequest}
 * on {@code hcx.media.requests}. The job id is returned once the broker has the request.
 */
@ApplicationScoped
public class JobIntake {
    static final String STAGE = "ingest";
    static final int MAX_PROMPT_CHARS = 32_768;

    @Inject
    IngestConfig config;

    @Inject
    @Channel("media-requests-out")
    MutinyEmitter<byte[]> requests;

    @Inject
    MeterRegistry registry;

    private IdempotencyStore idempotency;
    private BlobStore blobs;

    @PostConstruct
    void init() {
        idempotency = new IdempotencyStore(config.idempotencyCapacity());
        blobs = new BlobStore(config.blobDir());
        // exported from start (0 until the first event), so dashboards and alerts always find them
        registry.counter("hcx_ingest_duplicates_total");
        registry.counter("hcx_ingest_failures_total");
    }

    public BlobStore blobs() {
        return blobs;
    }

    /** Validates and publishes; a duplicate idempotency key returns the first job's id. */
    public Uni<SubmitResponse> submit(SubmitRequest request) {
        validate(request);
        var claim = idempotency.claim(
                request.getIdempotencyKey(), () -> UUID.randomUUID().toString());
        if (claim.duplicate()) {
            registry.counter("hcx_ingest_duplicates_total").increment();
            return Uni.createFrom()
                    .item(SubmitResponse.newBuilder()
                            .setJobId(claim.jobId())
                            .setDuplicate(true)
                            .build());
        }
        String jobId = claim.jobId();
        MediaSource media = request.getMedia();
        if (media.hasInlineBytes() && media.getInlineBytes().size() > config.inlineMaxBytes()) {
            var uri = blobs.put(jobId, media.getInlineBytes().toByteArray());
            media = media.toBuilder()
                    .setObjectRef(ObjectRef.newBuilder().setUri(uri.toString()))
                    .build();
        }
        var meta = Envelopes.newMeta(jobId, request.getIdempotencyKey(), "")
                .setTenant(request.getTenant())
                .setPriority(request.getPriority());
        var event = MediaRequest.newBuilder()
                .setMeta(meta)
                .setMedia(media)
                .setTask(request.getTask())
                .build();
        registry.counter("hcx_ingest_requests_total", "kind", media.getKind().name())
                .increment();
        return requests.sendMessage(KafkaMessages.record(Topics.MEDIA_REQUESTS, jobId, event, null))
                .onFailure()
                .invoke(() -> idempotency.release(request.getIdempotencyKey()))
                .replaceWith(SubmitResponse.newBuilder().setJobId(jobId).build());
    }

    /** Builds a request from uploaded bytes plus the header message of a client stream. */
    public static SubmitRequest withBytes(SubmitRequest header, byte[] bytes) {
        return header.toBuilder()
                .setMedia(header.getMedia().toBuilder().setInlineBytes(ByteString.copyFrom(bytes)))
                .build();
    }

    private void validate(SubmitRequest r) {
        MediaSource m = r.getMedia();
        if (m.getSourceCase() == MediaSource.SourceCase.SOURCE_NOT_SET) {
            throw new MeshException(
                    ErrorCode.MEDIA_UNSUPPORTED, STAGE, "media needs inline_bytes, url or object_ref; none was given");
        }
        if (m.hasInlineBytes() && m.getInlineBytes().size() > config.limits().maxBytes()) {
            throw tooLarge(
                    "bytes", config.limits().maxBytes(), m.getInlineBytes().size());
        }
        if (m.hasInlineBytes() && m.getInlineBytes().isEmpty()) {
            throw new MeshException(ErrorCode.MEDIA_UNDECODABLE, STAGE, "inline_bytes is empty");
        }
        if (r.getTask().getPrompt().length() > MAX_PROMPT_CHARS) {
            throw new MeshException(
                    ErrorCode.PROMPT_INVALID,
                    STAGE,
                    "prompt has " + r.getTask().getPrompt().length() + " characters, the limit is " + MAX_PROMPT_CHARS);
        }
    }

    static MeshException tooLarge(String what, long limit, long observed) {
        return new MeshException(
                ErrorCode.MEDIA_TOO_LARGE,
                STAGE,
                "media " + what + " " + observed + " exceeds the limit " + limit,
                java.util.Map.of("limit", Long.toString(limit), "observed", Long.toString(observed), "what", what),
                null);
    }
}
