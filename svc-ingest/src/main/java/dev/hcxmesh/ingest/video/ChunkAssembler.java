package dev.hcxmesh.ingest.video;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The synchronous core of a stream: decoded frames in, closed {@link VideoChunk}s out. Per frame:
 * scene-cut check (every decoded frame, on its luma thumbnail), chunk boundary (duration reached, or
 * a cut when splitting at cuts), sampling decision, near-duplicate check, and only then RGB
 * conversion. Not thread-safe: one per stream.
 */
public final class ChunkAssembler {
    private final String streamId;
    private final ChunkingConfig config;
    private final long knownDurationMs;
    private final SceneCutDetector scenes;
    private final DuplicateFilter duplicates;
    private final StreamCounters counters;

    private long index;
    private long chunkStart = -1;
    private long lastPts = -1;
    private long lastSampled = Long.MIN_VALUE;
    private int decisions;
    private List<SampledFrame> frames = new ArrayList<>();

    /**
     * @param knownDurationMs stream duration when known (files), else -1; a last chunk shorter than
     *     {@code chunkMs} then spreads its uniform samples over what is left
     */
    public ChunkAssembler(String streamId, ChunkingConfig config, long knownDurationMs, StreamCounters counters) {
        this.streamId = streamId;
        this.config = config;
        this.knownDurationMs = knownDurationMs;
        this.scenes = new SceneCutDetector(config.sceneCut());
        this.duplicates = new DuplicateFilter(config.dedupMaxHamming(), config.dedupWindow(), 12.0);
        this.counters = counters;
    }

    /** Feeds one decoded frame; returns the chunk it closed, if any. */
    public Optional<VideoChunk> accept(DecodedFrame frame) {
        counters.framesDecoded.increment();
        long pts = Math.max(frame.ptsMs(), lastPts); // never step back
        boolean cut = config.splitAtSceneCuts() && scenes.accept(frame.thumb(), pts);
        if (cut) {
            counters.sceneCuts.increment();
        }
        Optional<VideoChunk> closed = Optional.empty();
        if (chunkStart < 0) {
            open(pts);
        } else if (cut && pts > chunkStart) {
            closed = close(pts, true);
            open(pts);
        } else if (pts - chunkStart >= config.chunkMs()) {
            closed = close(pts, false);
            open(pts);
        }
        lastPts = pts;
        if (config.sampling().wants(pts, chunkStart, span(), lastSampled, decisions, counters.rateDivisor())) {
            lastSampled = pts;
            decisions++;
            counters.framesSampled.increment();
            if (duplicates.isDuplicate(frame.thumb())) {
                counters.framesSkippedDuplicate.increment();
            } else {
                frames.add(frame.toRgb());
            }
        }
        return closed;
    }

    /** Closes the last chunk at the end of the stream. */
    public Optional<VideoChunk> finish() {
        if (chunkStart < 0) {
            return Optional.empty();
        }
        Optional<VideoChunk> last = close(lastPts + 1, false);
        chunkStart = -1;
        return last;
    }

    private long span() {
        if (knownDurationMs > 0) {
            long left = knownDurationMs - chunkStart;
            if (left > 0 && left < config.chunkMs()) {
                return left;
            }
        }
        return config.chunkMs();
    }

    private void open(long pts) {
        chunkStart = pts;
        lastSampled = Long.MIN_VALUE;
        decisions = 0;
        frames = new ArrayList<>();
    }

    private Optional<VideoChunk> close(long endMs, boolean atCut) {
        long i = index++;
        if (frames.isEmpty()) {
            counters.chunksEmpty.increment();
            return Optional.empty();
        }
        return Optional.of(new VideoChunk(streamId, i, chunkStart, Math.max(endMs, chunkStart + 1), frames, atCut));
    }
}
