package dev.hcxmesh.ingest.live;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.api.v1.JobResult;
import dev.hcxmesh.api.v1.MediaSource;
import dev.hcxmesh.api.v1.Progress;
import dev.hcxmesh.common.MeshException;
import dev.hcxmesh.common.kafka.DeadLetters;
import dev.hcxmesh.common.kafka.KafkaMessages;
import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.events.v1.GenerationResult;
import dev.hcxmesh.events.v1.MediaRequest;
import dev.hcxmesh.events.v1.Meta;
import dev.hcxmesh.events.v1.ProgressEvent;
import dev.hcxmesh.ingest.IngestException;
import dev.hcxmesh.ingest.config.IngestConfig;
import dev.hcxmesh.ingest.pipeline.FanOut;
import dev.hcxmesh.ingest.pipeline.HcxMediaPreparer;
import dev.hcxmesh.ingest.pipeline.SafeMediaFetcher;
import dev.hcxmesh.ingest.video.ChunkingConfig;
import dev.hcxmesh.ingest.video.DecodeConfig;
import dev.hcxmesh.ingest.video.SamplingPolicy;
import dev.hcxmesh.ingest.video.StreamIngest;
import dev.hcxmesh.ingest.video.VideoChunk;
import dev.hcxmesh.ingest.video.VideoSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Runs live streams. {@link #start} checks the URL and the stream limit synchronously (a refusal is
 * a typed {@link MeshException} for the caller's error result), then a {@link StreamIngest} decodes
 * and chunks the stream while a virtual thread publishes every chunk as its own job
 * {@code <jobId>/<chunkIndex>} (tiles, frames and a manifest via {@link FanOut}) and progress for
 * the stream job. When the stream ends the stream job gets a final {@code stop} result summarising
 * the chunk counts; when it fails, a typed error result and a dead letter.
 *
 * <p>Delivery: the request record is acked once the stream is started. A crash mid-stream does not
 * resume the stream: chunks already published keep their results, the stream job gets no final
 * result, and the stream must be submitted again (chunk job ids then repeat from 0). The same holds
 * for a graceful shutdown: running streams stop without a final result.
 */
@ApplicationScoped
@Startup
public class LiveStreams {
    private static final Logger LOG = Logger.getLogger(LiveStreams.class);
    static final String STAGE = "ingest";

    /** Network schemes FFmpeg may open for a live stream. */
    static final Set<String> LIVE_SCHEMES = Set.of("rtsp", "rtsps", "srt", "http", "https");

    @Inject
    @Channel("mesh-out")
    MutinyEmitter<byte[]> out;

    @Inject
    HcxMediaPreparer preparer;

    @Inject
    SafeMediaFetcher fetcher;

    @Inject
    DeadLetters deadLetters;

    @Inject
    IngestConfig config;

    @Inject
    MeterRegistry registry;

    private final Map<String, StreamIngest> active = new ConcurrentHashMap<>();

    @PostConstruct
    void init() {
        registry.gauge("hcx_ingest_live_streams_active", active, Map::size);
    }

    private volatile boolean stopping;

    /** Service shutdown: streams stop without a final result (they are not finished; see class notes). */
    @PreDestroy
    void stopAll() {
        stopping = true;
        active.values().forEach(StreamIngest::close);
    }

    /** Streams running now. */
    public int activeStreams() {
        return active.size();
    }

    /**
     * Starts ingesting the live stream of {@code request}; returns at once with its stream id (the
     * job id unless {@code meta.stream_id} is set). A stream id already running is not started twice.
     *
     * @throws MeshException URL_REFUSED (scheme, {@code file:} not allowed, SSRF guard),
     *     MEDIA_UNSUPPORTED (no URL), QUEUE_FULL (too many streams)
     */
    public String start(MediaRequest request, Meta meta) {
        String streamId = meta.getStreamId().isEmpty() ? meta.getRequestId() : meta.getStreamId();
        Callable<VideoSource> opener = opener(request.getMedia());
        var live = config.live();
        StreamIngest ingest;
        LiveMetrics metrics;
        synchronized (active) {
            if (active.containsKey(streamId)) {
                LOG.infof("stream %s is already running; request %s ignored", streamId, meta.getRequestId());
                return streamId;
            }
            if (active.size() >= live.maxStreams()) {
                throw new MeshException(
                        ErrorCode.QUEUE_FULL,
                        STAGE,
                        "live streams at the limit: expected fewer than " + live.maxStreams() + ", found "
                                + active.size(),
                        Map.of("limit", Integer.toString(live.maxStreams()), "active", Integer.toString(active.size())),
                        null);
            }
            metrics = new LiveMetrics(registry, streamId);
            ingest = StreamIngest.start(streamId, opener, chunking(live), metrics);
            active.put(streamId, ingest);
        }
        Meta parent = meta.toBuilder().setStreamId(streamId).build();
        Thread.ofVirtual().name("live-publish-" + streamId).start(() -> pump(request, parent, ingest, metrics));
        return streamId;
    }

    /** The chunking settings from {@code hcx.ingest.live.*}. */
    ChunkingConfig chunking(IngestConfig.Live live) {
        return ChunkingConfig.defaults()
                .withChunkMs(live.chunkLength().toMillis())
                .withSampling(new SamplingPolicy.Uniform(live.framesPerChunk()))
                .withSceneCuts(live.splitAtSceneCuts())
                .withDedup(live.dedupMaxHamming())
                .withQueue(live.queueCapacity(), live.backPressure())
                .withPlaybackSpeed(live.playbackSpeed());
    }

    /** Checks the URL now; the returned opener runs on the stream's decode thread. */
    private Callable<VideoSource> opener(MediaSource media) {
        if (media.getSourceCase() != MediaSource.SourceCase.URL) {
            throw new MeshException(
                    ErrorCode.MEDIA_UNSUPPORTED,
                    STAGE,
                    "a live stream needs a url, found "
                            + media.getSourceCase().name().toLowerCase(Locale.ROOT));
        }
        URI uri;
        try {
            uri = URI.create(media.getUrl());
        } catch (IllegalArgumentException e) {
            throw refused("not a URL: " + media.getUrl());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        var limits = config.limits();
        var decode = DecodeConfig.defaults()
                .withMaxPixels(
                        Math.min(limits.maxPixels(), DecodeConfig.defaults().maxPixels()));
        if (scheme.equals("file")) {
            if (!config.live().allowFiles()) {
                throw refused("file: URLs are not allowed for live streams (hcx.ingest.live.allow-files is false)");
            }
            Path file;
            try {
                file = Path.of(uri);
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                throw refused("not a local file URL: " + media.getUrl());
            }
            if (!Files.isRegularFile(file)) {
                throw new MeshException(ErrorCode.MEDIA_UNDECODABLE, STAGE, "no such file: " + file);
            }
            var fileDecode = decode.withMaxDurationMs(limits.maxVideoSeconds() * 1000L);
            return () -> VideoSource.openFile(file, fileDecode);
        }
        if (!LIVE_SCHEMES.contains(scheme)) {
            throw refused("live scheme '" + scheme + "' not allowed: expected one of " + LIVE_SCHEMES);
        }
        var urls = fetcher.urlFetcher();
        try {
            urls.vetHost(uri); // SSRF guard now, so a refusal answers the caller; openLive vets again
        } catch (IngestException e) {
            throw toMesh(e);
        }
        var liveDecode = decode.withMaxDurationMs(0);
        return () -> VideoSource.openLive(uri, urls, liveDecode);
    }

    /**
     * Publishes chunks until the stream ends, frees the stream's slot, then writes the stream job's
     * final result (so a caller that saw the result may start another stream at once).
     */
    private void pump(MediaRequest request, Meta parent, StreamIngest ingest, LiveMetrics metrics) {
        String streamId = ingest.streamId();
        long published = 0;
        boolean enrich = !request.getTask().getDisableEnrichment();
        String summary = null;
        RuntimeException failure = null;
        try {
            VideoChunk chunk;
            while ((chunk = ingest.take()) != null) {
                publish(request, parent, chunk, enrich);
                published++;
                var stats = metrics.latest();
                await(progress(
                        parent,
                        0.0,
                        "live: " + published + " chunk(s) published, " + stats.chunksDropped() + " dropped"));
            }
            summary = ChunkJobs.summary(published, ingest.counters().snapshot());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.infof("stream %s stopped after %d chunk(s)", streamId, published);
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            ingest.close();
            active.remove(streamId);
            metrics.remove();
        }
        if (stopping) {
            LOG.infof("stream %s stopped by shutdown after %d chunk(s); no final result", streamId, published);
        } else if (failure != null) {
            fail(request, parent, failure);
        } else if (summary != null) {
            try {
                await(progress(parent, 1.0, summary));
                await(result(
                        JobResult.newBuilder()
                                .setJobId(parent.getRequestId())
                                .setFinishReason("stop")
                                .setText(summary),
                        parent));
                LOG.infof("stream %s: %s", streamId, summary);
            } catch (RuntimeException e) {
                LOG.errorf(e, "stream %s: could not publish its final result", streamId);
            }
        }
    }

    private void publish(MediaRequest request, Meta parent, VideoChunk chunk, boolean enrich) {
        Meta meta = ChunkJobs.chunkMeta(parent, parent.getStreamId(), chunk);
        var item = preparer.prepareChunk(request, chunk);
        var records = FanOut.records(request, meta, List.of(item), enrich, config.enrichmentDeadline());
        List<Uni<Void>> sends = new ArrayList<>(records.size());
        for (var r : records) {
            sends.add(out.sendMessage(KafkaMessages.record(r.topic(), r.key(), r.value(), null)));
        }
        await(Uni.join().all(sends).andFailFast().replaceWithVoid());
    }

    /** Typed error result for the stream job plus a dead letter carrying the request. */
    private void fail(MediaRequest request, Meta parent, RuntimeException e) {
        RuntimeException cause = e instanceof IngestException ie ? toMesh(ie) : e;
        LOG.warnf("stream %s failed: %s", parent.getStreamId(), cause.getMessage());
        registry.counter("hcx_ingest_failures_total").increment();
        try {
            await(result(
                    JobResult.newBuilder()
                            .setJobId(parent.getRequestId())
                            .setFinishReason("error")
                            .setError(MeshException.detailOf(cause, STAGE, parent.getRequestId())),
                    parent));
            deadLetters
                    .publish(Message.of(request.toByteArray()), parent, STAGE, cause)
                    .toCompletableFuture()
                    .join();
        } catch (RuntimeException again) {
            LOG.errorf(again, "stream %s: could not report its failure", parent.getStreamId());
        }
    }

    private Uni<Void> result(JobResult.Builder result, Meta meta) {
        var event =
                GenerationResult.newBuilder().setMeta(meta).setResult(result).build();
        return out.sendMessage(KafkaMessages.record(Topics.RESULTS, meta.getRequestId(), event, null));
    }

    private Uni<Void> progress(Meta meta, double fraction, String text) {
        var event = ProgressEvent.newBuilder()
                .setMeta(meta)
                .setProgress(Progress.newBuilder()
                        .setJobId(meta.getRequestId())
                        .setStage(STAGE)
                        .setFraction(fraction)
                        .setMessage(text))
                .build();
        return out.sendMessage(KafkaMessages.record(Topics.PROGRESS, meta.getRequestId(), event, null));
    }

    private static void await(Uni<Void> send) {
        send.subscribeAsCompletionStage().join();
    }

    /** The typed mesh error of an ingest failure, without the code prefixes re-wrapping added. */
    static MeshException toMesh(IngestException e) {
        String prefix = e.code() + ": ";
        String message = e.getMessage();
        while (message.startsWith(prefix)) {
            message = message.substring(prefix.length());
        }
        return new MeshException(e.code(), STAGE, message, e.facts(), e);
    }

    private static MeshException refused(String why) {
        return new MeshException(ErrorCode.URL_REFUSED, STAGE, why);
    }
}
