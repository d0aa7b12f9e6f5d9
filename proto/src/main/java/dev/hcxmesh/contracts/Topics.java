package dev.hcxmesh.contracts;

import dev.hcxmesh.events.v1.DeadLetter;
import dev.hcxmesh.events.v1.Enrichment;
import dev.hcxmesh.events.v1.FrameBatch;
import dev.hcxmesh.events.v1.GenerationResult;
import dev.hcxmesh.events.v1.Manifest;
import dev.hcxmesh.events.v1.MediaRequest;
import dev.hcxmesh.events.v1.ModerationDecision;
import dev.hcxmesh.events.v1.ProgressEvent;
import dev.hcxmesh.events.v1.TileBatch;
import dev.hcxmesh.events.v1.VisualEmbeddings;
import java.util.List;
import java.util.Map;

/**
 * The one place that names the mesh's Kafka topics and the message each carries.
 *
 * <pre>
 *  MEDIA_REQUESTS ─► svc-ingest ─┬─► TILES ──────► svc-vision-encoder ─► EMBEDDINGS ─┐
 *                                ├─► FRAMES ─────► svc-ocr-lens ───────► ENRICHMENT ─┤
 *                                └─► MANIFESTS ──────────────────────────────────────┴► svc-decoder ─► RESULTS
 *  every stage ─► PROGRESS, DEAD_LETTER
 * </pre>
 *
 * <p>Size policy: tensors are chunked by their producers so that no record exceeds {@link
 * #MAX_RECORD_BYTES}; topics that carry tensors allow {@link #TOPIC_MAX_MESSAGE_BYTES}, which
 * leaves room for headers and batching overhead. Producers compress with lz4.
 */
public final class Topics {
    private Topics() {}

    /** The budget a producer packs one record's value into. */
    public static final int MAX_RECORD_BYTES = 3 * 1024 * 1024;

    /** {@code max.message.bytes} of tensor topics (and the producers' {@code max.request.size}). */
    public static final int TOPIC_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    private static final String DAY_MS = Long.toString(24L * 3600 * 1000);
    private static final String WEEK_MS = Long.toString(7L * 24 * 3600 * 1000);

    private static final Map<String, String> TENSORS = Map.of(
            "max.message.bytes",
            Integer.toString(TOPIC_MAX_MESSAGE_BYTES),
            "retention.ms",
            DAY_MS,
            "compression.type",
            "producer");
    private static final Map<String, String> EVENTS = Map.of("retention.ms", WEEK_MS);

    public static final Topic<MediaRequest> MEDIA_REQUESTS =
            new Topic<>("hcx.media.requests", MediaRequest.class, MediaRequest.parser(), 3, TENSORS);
    public static final Topic<TileBatch> TILES =
            new Topic<>("hcx.tiles", TileBatch.class, TileBatch.parser(), 3, TENSORS);
    public static final Topic<FrameBatch> FRAMES =
            new Topic<>("hcx.frames", FrameBatch.class, FrameBatch.parser(), 3, TENSORS);
    public static final Topic<Manifest> MANIFESTS =
            new Topic<>("hcx.manifests", Manifest.class, Manifest.parser(), 3, EVENTS);
    public static final Topic<VisualEmbeddings> EMBEDDINGS =
            new Topic<>("hcx.embeddings", VisualEmbeddings.class, VisualEmbeddings.parser(), 3, TENSORS);
    public static final Topic<Enrichment> ENRICHMENT =
            new Topic<>("hcx.enrichment", Enrichment.class, Enrichment.parser(), 3, EVENTS);
    public static final Topic<GenerationResult> RESULTS =
            new Topic<>("hcx.results", GenerationResult.class, GenerationResult.parser(), 3, EVENTS);
    public static final Topic<ProgressEvent> PROGRESS =
            new Topic<>("hcx.progress", ProgressEvent.class, ProgressEvent.parser(), 3, EVENTS);
    public static final Topic<DeadLetter> DEAD_LETTER =
            new Topic<>("hcx.dead-letter", DeadLetter.class, DeadLetter.parser(), 1, TENSORS);

    /**
     * Input of the example moderation flow (e2e-tests {@code ModerationFlow}): {@code MediaRequest}s
     * that an outside producer wants moderated. Not in {@link #ALL}: flows create their own topics.
     */
    public static final Topic<MediaRequest> MODERATION_EVENTS =
            new Topic<>("hcx.moderation.events", MediaRequest.class, MediaRequest.parser(), 3, EVENTS);
    /** Output of the example moderation flow: one {@code ModerationDecision} per request id. */
    public static final Topic<ModerationDecision> DECISIONS =
            new Topic<>("hcx.decisions", ModerationDecision.class, ModerationDecision.parser(), 3, EVENTS);

    /**
     * Topics of the example flows in e2e-tests (docs/flows): created by the flows themselves, kept out
     * of {@link #ALL} so the core mesh's deployment manifests stay exactly {@link #ALL}.
     */
    public static final List<Topic<?>> FLOWS = List.of(MODERATION_EVENTS, DECISIONS);

    /** Every topic, in flow order; the admin step creates exactly these. */
    public static final List<Topic<?>> ALL =
            List.of(MEDIA_REQUESTS, TILES, FRAMES, MANIFESTS, EMBEDDINGS, ENRICHMENT, RESULTS, PROGRESS, DEAD_LETTER);
}
