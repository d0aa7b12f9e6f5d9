package dev.hcxmesh.ingest.video;

import java.time.Duration;
import java.util.Objects;

/**
 * How a stream is cut, sampled, de-duplicated and handed off.
 *
 * @param chunkMs chunk duration (a chunk may close earlier at a scene cut)
 * @param sampling frame sampling within a chunk
 * @param splitAtSceneCuts when true a chunk never spans a detected cut: it closes at the cut
 * @param sceneCut detector settings (used when {@code splitAtSceneCuts})
 * @param dedupMaxHamming near-duplicate threshold in dHash bits; negative disables skipping
 * @param dedupWindow kept frames remembered for duplicate checks
 * @param queueCapacity bounded hand-off queue size (chunks)
 * @param backPressure what to do when the queue is full
 * @param maxRateDivisor lowest rate LOWER_FPS may reach: 1/maxRateDivisor of the configured rate
 * @param offerWait how long LOWER_FPS waits for room before dropping the oldest chunk
 * @param playbackSpeed pacing of non-live sources: 0 = as fast as decoding allows, 1 = native rate
 *     ("file played as live"), 50 = fifty times faster than real time (tests)
 */
public record ChunkingConfig(
        long chunkMs,
        SamplingPolicy sampling,
        boolean splitAtSceneCuts,
        SceneCutDetector.Config sceneCut,
        int dedupMaxHamming,
        int dedupWindow,
        int queueCapacity,
        BackPressure backPressure,
        int maxRateDivisor,
        Duration offerWait,
        double playbackSpeed) {
    public ChunkingConfig {
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(sceneCut, "sceneCut");
        Objects.requireNonNull(backPressure, "backPressure");
        Objects.requireNonNull(offerWait, "offerWait");
        if (chunkMs < 1 || queueCapacity < 1 || dedupWindow < 1 || maxRateDivisor < 1 || playbackSpeed < 0) {
            throw new IllegalArgumentException(
                    "invalid chunking config: chunkMs " + chunkMs + ", queue " + queueCapacity + ", dedupWindow "
                            + dedupWindow + ", maxRateDivisor " + maxRateDivisor + ", speed " + playbackSpeed);
        }
        if (Integer.bitCount(maxRateDivisor) != 1) {
            throw new IllegalArgumentException("maxRateDivisor must be a power of two, got " + maxRateDivisor);
        }
    }

    /** 10 s chunks, 2 fps, scene-cut splitting, dHash ≤ 4 bits, queue of 4, LOWER_FPS down to 1/8. */
    public static ChunkingConfig defaults() {
        return new ChunkingConfig(
                10_000,
                new SamplingPolicy.Fps(2),
                true,
                SceneCutDetector.Config.defaults(),
                4,
                16,
                4,
                BackPressure.LOWER_FPS,
                8,
                Duration.ofMillis(200),
                0);
    }

    public ChunkingConfig withChunkMs(long ms) {
        return new ChunkingConfig(
                ms,
                sampling,
                splitAtSceneCuts,
                sceneCut,
                dedupMaxHamming,
                dedupWindow,
                queueCapacity,
                backPressure,
                maxRateDivisor,
                offerWait,
                playbackSpeed);
    }

    public ChunkingConfig withSampling(SamplingPolicy p) {
        return new ChunkingConfig(
                chunkMs,
                p,
                splitAtSceneCuts,
                sceneCut,
                dedupMaxHamming,
                dedupWindow,
                queueCapacity,
                backPressure,
                maxRateDivisor,
                offerWait,
                playbackSpeed);
    }

    public ChunkingConfig withSceneCuts(boolean split) {
        return new ChunkingConfig(
                chunkMs,
                sampling,
                split,
                sceneCut,
                dedupMaxHamming,
                dedupWindow,
                queueCapacity,
                backPressure,
                maxRateDivisor,
                offerWait,
                playbackSpeed);
    }

    public ChunkingConfig withDedup(int maxHamming) {
        return new ChunkingConfig(
                chunkMs,
                sampling,
                splitAtSceneCuts,
                sceneCut,
                maxHamming,
                dedupWindow,
                queueCapacity,
                backPressure,
                maxRateDivisor,
                offerWait,
                playbackSpeed);
    }

    public ChunkingConfig withQueue(int capacity, BackPressure policy) {
        return new ChunkingConfig(
                chunkMs,
                sampling,
                splitAtSceneCuts,
                sceneCut,
                dedupMaxHamming,
                dedupWindow,
                capacity,
                policy,
                maxRateDivisor,
                offerWait,
                playbackSpeed);
    }

    public ChunkingConfig withLowerFps(int maxDivisor, Duration wait) {
        return new ChunkingConfig(
                chunkMs,
                sampling,
                splitAtSceneCuts,
                sceneCut,
                dedupMaxHamming,
                dedupWindow,
                queueCapacity,
                backPressure,
                maxDivisor,
                wait,
                playbackSpeed);
    }

    public ChunkingConfig withPlaybackSpeed(double speed) {
        return new ChunkingConfig(
                chunkMs,
                sampling,
                splitAtSceneCuts,
                sceneCut,
                dedupMaxHamming,
                dedupWindow,
                queueCapacity,
                backPressure,
                maxRateDivisor,
                offerWait,
                speed);
    }
}
