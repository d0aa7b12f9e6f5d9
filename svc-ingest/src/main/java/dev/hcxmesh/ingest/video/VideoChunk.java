package dev.hcxmesh.ingest.video;

import dev.hcxmesh.model.tokens.VisualTokens;
import java.util.List;
import java.util.Objects;

/**
 * A closed chunk of a stream: the frames sampled from {@code [startMs, endMs)}.
 *
 * @param streamId the stream
 * @param index chunk sequence number, from 0; gaps mean chunks with nothing new to send (every
 *     sampled frame a near-duplicate) or chunks dropped by back-pressure
 * @param startMs first decoded frame time of the chunk (ms)
 * @param endMs exclusive end: the time of the frame that opened the next chunk, or last frame + 1
 * @param frames sampled frames in time order (not empty)
 * @param endsAtSceneCut true when the chunk was closed by a detected shot boundary
 */
public record VideoChunk(
        String streamId, long index, long startMs, long endMs, List<SampledFrame> frames, boolean endsAtSceneCut) {
    public VideoChunk {
        Objects.requireNonNull(streamId, "streamId");
        frames = List.copyOf(frames);
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, got " + index);
        }
        if (endMs <= startMs) {
            throw new IllegalArgumentException("chunk end must follow its start: start " + startMs + ", end " + endMs);
        }
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a chunk carries at least one frame");
        }
    }

    /** Visual token plan of this chunk as one video (HCX-MODEL-SPEC §5), via {@link VisualTokens}. */
    public VisualTokens.VideoPlan tokenPlan(int queriesSlow, int queriesFast) {
        return VisualTokens.video(frames.size(), queriesSlow, queriesFast);
    }

    /** Bytes of pixel data held (for memory accounting). */
    public long pixelBytes() {
        long sum = 0;
        for (SampledFrame f : frames) {
            sum += f.rgb().length;
        }
        return sum;
    }
}
