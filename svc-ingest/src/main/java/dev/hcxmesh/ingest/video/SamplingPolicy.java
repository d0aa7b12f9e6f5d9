package dev.hcxmesh.ingest.video;

/**
 * Which decoded frames of a chunk are sampled. A rate divisor (1, 2, 4...) applied by back-pressure
 * ({@link BackPressure#LOWER_FPS}) halves the rate each step. The lead reconciles this with
 * hcx-model's pure {@code dev.hcxmesh.model.video.FrameSampler}.
 */
public sealed interface SamplingPolicy {

    /**
     * Whether a frame at {@code ptsMs} is sampled.
     *
     * @param ptsMs frame time
     * @param chunkStartMs start of the current chunk
     * @param chunkSpanMs the span the chunk is planned to cover (chunk duration, or the rest of a
     *     file when shorter)
     * @param lastSampledMs time of the previous sample in this chunk, or {@code Long.MIN_VALUE}
     * @param sampledInChunk sampling decisions taken so far in this chunk (duplicates included)
     * @param divisor rate divisor, a power of two >= 1
     */
    boolean wants(long ptsMs, long chunkStartMs, long chunkSpanMs, long lastSampledMs, int sampledInChunk, int divisor);

    /**
     * N frames per chunk, uniformly: the chunk span is cut into N equal slots and the first frame
     * of each slot is taken (a chunk closed early by a scene cut keeps the slots it reached).
     */
    record Uniform(int framesPerChunk) implements SamplingPolicy {
        public Uniform {
            if (framesPerChunk < 1) {
                throw new IllegalArgumentException("framesPerChunk must be >= 1, got " + framesPerChunk);
            }
        }

        @Override
        public boolean wants(
                long ptsMs, long chunkStartMs, long chunkSpanMs, long lastSampledMs, int sampled, int divisor) {
            int n = Math.max(1, framesPerChunk / divisor);
            if (sampled >= n) {
                return false;
            }
            // slot of a frame: floor((pts - start) * n / span), clamped to the last slot
            long span = Math.max(1, chunkSpanMs);
            long slot = Math.min(n - 1, Math.max(0, (ptsMs - chunkStartMs) * n / span));
            if (lastSampledMs == Long.MIN_VALUE) {
                return true;
            }
            long lastSlot = Math.min(n - 1, Math.max(0, (lastSampledMs - chunkStartMs) * n / span));
            return slot > lastSlot;
        }
    }

    /** A fixed rate: at most one frame per {@code 1000 / fps} ms (times the divisor). */
    record Fps(double fps) implements SamplingPolicy {
        public Fps {
            if (!(fps > 0) || Double.isInfinite(fps)) {
                throw new IllegalArgumentException("fps must be > 0 and finite, got " + fps);
            }
        }

        @Override
        public boolean wants(
                long ptsMs, long chunkStartMs, long chunkSpanMs, long lastSampledMs, int sampled, int divisor) {
            double interval = 1000.0 / fps * divisor;
            if (lastSampledMs == Long.MIN_VALUE) {
                return true;
            }
            // grid-aligned to the chunk start so jitter does not drift the rate; 1 ms tolerance
            long slot = (long) Math.floor((ptsMs - chunkStartMs + 1) / interval);
            long lastSlot = (long) Math.floor((lastSampledMs - chunkStartMs + 1) / interval);
            return slot > lastSlot;
        }
    }
}
