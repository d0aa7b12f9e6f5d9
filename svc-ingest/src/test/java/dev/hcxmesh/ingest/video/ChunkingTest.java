package dev.hcxmesh.ingest.video;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.ingest.video.TestClips.Motion;
import dev.hcxmesh.ingest.video.TestClips.Segment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scene-cut chunking, near-duplicate skipping and sampling on generated clips. */
class ChunkingTest {
    static final int FPS = 10;

    @TempDir
    static Path dir;

    static Path clip;
    static List<Long> cutsMs = new ArrayList<>();

    @BeforeAll
    static void makeClip() throws Exception {
        clip = dir.resolve("scenes.mp4");
        // 6 shots with hard cuts at 2.3 s, 5.0 s, 6.1 s (static slate), 9.0 s, 11.7 s
        List<Segment> segments = List.of(
                new Segment(23, 40, Motion.MOVING),
                new Segment(27, 200, Motion.MOVING),
                new Segment(11, 110, Motion.MOVING),
                new Segment(29, 230, Motion.STATIC),
                new Segment(27, 20, Motion.MOVING),
                new Segment(33, 150, Motion.MOVING));
        List<Integer> starts = TestClips.write(clip, 160, 90, FPS, segments);
        for (int s : starts.subList(1, starts.size())) {
            cutsMs.add(s * 1000L / FPS);
        }
    }

    static List<VideoChunk> chunks(ChunkingConfig config) {
        List<VideoChunk> out = new ArrayList<>();
        StreamCounters counters = new StreamCounters();
        try (VideoSource source = VideoSource.openFile(clip, DecodeConfig.defaults())) {
            ChunkAssembler assembler = new ChunkAssembler("s1", config, source.durationMs(), counters);
            DecodedFrame f;
            while ((f = source.next()) != null) {
                assembler.accept(f).ifPresent(out::add);
            }
            assembler.finish().ifPresent(out::add);
        }
        lastCounters = counters;
        return out;
    }

    static StreamCounters lastCounters;

    @Test
    void sceneCutChunksNeverSpanACut() {
        ChunkingConfig config = ChunkingConfig.defaults()
                .withChunkMs(4_000)
                .withSampling(new SamplingPolicy.Fps(5))
                .withDedup(-1);
        List<VideoChunk> chunks = chunks(config);
        for (VideoChunk c : chunks) {
            for (long cut : cutsMs) {
                // a cut may only be a chunk's start, never strictly inside it
                assertThat(cut > c.startMs() && cut < c.endMs())
                        .as("chunk [%d, %d) spans the cut at %d ms", c.startMs(), c.endMs(), cut)
                        .isFalse();
            }
        }
        long closedAtCut = chunks.stream().filter(VideoChunk::endsAtSceneCut).count();
        assertThat(closedAtCut).isEqualTo(cutsMs.size());
        assertThat(lastCounters.snapshot().sceneCuts()).isEqualTo(cutsMs.size());
        for (int i = 1; i < chunks.size(); i++) {
            assertThat(chunks.get(i).index()).isGreaterThan(chunks.get(i - 1).index());
            assertThat(chunks.get(i).startMs()).isEqualTo(chunks.get(i - 1).endMs());
        }
        // the 6.1 s - 9.0 s shot (2.9 s) fits in one chunk; longer shots are split by duration
        assertThat(chunks).allSatisfy(c -> assertThat(c.endMs() - c.startMs()).isLessThanOrEqualTo(4_000));
    }

    @Test
    void withoutSplittingChunksFollowDurationOnly() {
        ChunkingConfig config = ChunkingConfig.defaults()
                .withChunkMs(4_000)
                .withSceneCuts(false)
                .withDedup(-1);
        List<VideoChunk> chunks = chunks(config);
        assertThat(chunks).noneMatch(VideoChunk::endsAtSceneCut);
        assertThat(chunks.getFirst().endMs()).isEqualTo(4_000);
    }

    @Test
    void duplicatesSkippedOnStaticSegment() {
        ChunkingConfig config = ChunkingConfig.defaults()
                .withChunkMs(60_000)
                .withSceneCuts(false)
                .withSampling(new SamplingPolicy.Fps(5))
                .withDedup(4);
        List<VideoChunk> chunks = chunks(config);
        assertThat(chunks).hasSize(1);
        List<SampledFrame> kept = chunks.getFirst().frames();
        long staticStart = cutsMs.get(2);
        long staticEnd = cutsMs.get(3);
        long keptInStatic = kept.stream()
                .filter(f -> f.ptsMs() >= staticStart && f.ptsMs() < staticEnd)
                .count();
        assertThat(keptInStatic).as("a static slate costs one frame").isEqualTo(1);
        StreamStats stats = lastCounters.snapshot();
        // 2.9 s at 5 fps = 14-15 samples on the slate, all but one skipped
        assertThat(stats.framesSkippedDuplicate()).isGreaterThanOrEqualTo(13);
        assertThat(stats.framesSampled()).isEqualTo(kept.size() + stats.framesSkippedDuplicate());
        // moving shots keep most samples (the bar sweep is periodic, so a few true repeats are skipped)
        long movingKept = kept.size() - keptInStatic;
        assertThat(movingKept).isGreaterThanOrEqualTo((stats.framesSampled() - 15) / 2);
    }

    @Test
    void uniformSamplingTakesNPerChunk() {
        ChunkingConfig config = ChunkingConfig.defaults()
                .withChunkMs(5_000)
                .withSceneCuts(false)
                .withSampling(new SamplingPolicy.Uniform(8))
                .withDedup(-1);
        List<VideoChunk> chunks = chunks(config);
        // 150 frames = 15 s = 3 full chunks
        assertThat(chunks).hasSize(3);
        assertThat(chunks).allSatisfy(c -> assertThat(c.frames()).hasSize(8));
        SampledFrame f = chunks.getFirst().frames().getFirst();
        assertThat(f.width()).isEqualTo(160);
        assertThat(f.rgb()).hasSize(160 * 90 * 3);
    }
}
