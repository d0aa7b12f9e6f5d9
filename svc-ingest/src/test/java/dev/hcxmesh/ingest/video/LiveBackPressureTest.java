package dev.hcxmesh.ingest.video;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.ingest.video.TestClips.Motion;
import dev.hcxmesh.ingest.video.TestClips.Segment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 10-minute clip (160×90 @ 10 fps, 6000 frames) played "as live" on a fast clock into a slow
 * consumer: the hand-off queue never exceeds its bound, the back-pressure policy fires, and chunks
 * arrive in order.
 */
@Timeout(60)
class LiveBackPressureTest {
    @TempDir
    static Path dir;

    static Path clip;

    @BeforeAll
    static void makeClip() throws Exception {
        clip = dir.resolve("ten-minutes.mp4");
        List<Segment> segments = new ArrayList<>();
        int[] levels = {40, 200, 110, 230, 20, 150};
        for (int i = 0; i < 20; i++) { // 20 shots of 30 s; every fourth one a static slate
            segments.add(new Segment(300, levels[i % levels.length], i % 4 == 3 ? Motion.STATIC : Motion.MOVING));
        }
        TestClips.write(clip, 160, 90, 10, segments);
    }

    record Run(List<VideoChunk> chunks, StreamStats stats, int maxQueueSeen) {}

    /** Plays the clip into a consumer that spends {@code perChunk} plus {@code perFrame} per frame. */
    static Run play(ChunkingConfig config, Duration perChunk, Duration perFrame) throws Exception {
        AtomicInteger maxQueue = new AtomicInteger();
        List<VideoChunk> got = new ArrayList<>();
        StreamStats.Listener listener = (id, s) -> maxQueue.accumulateAndGet(s.queueDepth(), Math::max);
        try (StreamIngest ingest = StreamIngest.start(
                "live-1", () -> VideoSource.openFile(clip, DecodeConfig.defaults()), config, listener)) {
            VideoChunk c;
            while ((c = ingest.take()) != null) {
                got.add(c);
                Thread.sleep(perChunk.plus(perFrame.multipliedBy(c.frames().size())));
            }
            return new Run(got, ingest.counters().snapshot(), maxQueue.get());
        }
    }

    static ChunkingConfig live(BackPressure policy) {
        // 600 s played 150x faster than real time: about 4 s of wall clock
        return ChunkingConfig.defaults()
                .withChunkMs(5_000)
                .withSampling(new SamplingPolicy.Fps(2))
                .withQueue(3, policy)
                .withPlaybackSpeed(150);
    }

    @Test
    void dropOldestKeepsQueueBoundedAndOrder() throws Exception {
        Run run = play(live(BackPressure.DROP_OLDEST), Duration.ofMillis(120), Duration.ZERO);
        assertBoundedAndOrdered(run, 3);
        assertThat(run.stats().chunksDropped()).isPositive();
        assertThat(run.stats().fpsReductions()).isZero();
        assertThat(run.stats().framesDecoded()).isEqualTo(6000);
        // static slates: one kept frame each, every other sample skipped
        assertThat(run.stats().framesSkippedDuplicate()).isGreaterThan(4 * 55);
        assertThat(run.stats().sceneCuts()).isEqualTo(19);
    }

    @Test
    void lowerFpsHalvesTheRateUnderPressure() throws Exception {
        // the consumer's cost grows with the frames it gets, so a lower rate really relieves it
        Run run = play(
                live(BackPressure.LOWER_FPS).withLowerFps(8, Duration.ofMillis(30)),
                Duration.ZERO,
                Duration.ofMillis(10));
        assertBoundedAndOrdered(run, 3);
        assertThat(run.stats().fpsReductions()).isPositive();
        // at the lowered rate (1/2, 1/4 ...) 5 s chunks carry fewer than 10 frames
        assertThat(run.chunks()).anySatisfy(c -> assertThat(c.frames().size()).isLessThanOrEqualTo(3));
    }

    private static void assertBoundedAndOrdered(Run run, int capacity) {
        assertThat(run.maxQueueSeen()).isLessThanOrEqualTo(capacity);
        assertThat(run.stats().queueHighWater()).isLessThanOrEqualTo(capacity);
        assertThat(run.chunks()).isNotEmpty();
        for (int i = 1; i < run.chunks().size(); i++) {
            VideoChunk prev = run.chunks().get(i - 1);
            VideoChunk cur = run.chunks().get(i);
            assertThat(cur.index()).isGreaterThan(prev.index());
            assertThat(cur.startMs()).isGreaterThanOrEqualTo(prev.endMs());
        }
        // never more held than the queue bound plus the chunk in the consumer's hands
        long maxChunkBytes =
                run.chunks().stream().mapToLong(VideoChunk::pixelBytes).max().orElse(0);
        assertThat(maxChunkBytes).isLessThanOrEqualTo(10L * 160 * 90 * 3 + 160 * 90 * 3);
    }
}
