package dev.hcxmesh.ingest.video;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.ingest.video.TestClips.Motion;
import dev.hcxmesh.ingest.video.TestClips.Segment;
import dev.hcxmesh.model.tokens.VisualTokens;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Decoded-and-sampled clips feed the one token accounting ({@link VisualTokens#video}): the chunk
 * carries exactly the requested frames, spread over the clip, and its plan matches the spec's
 * canvases (⌈F/9⌉) and, where every canvas is an exact frame rectangle, the spec totals
 * (HCX-MODEL-SPEC §5: F=108 → 1836, F=120 → 2088). For F=32 the spec's 576 assumes G = F, while
 * VisualTokens packs the last 5 frames into a 2×3 canvas (6 grids), giving 585; VisualTokens rules.
 */
class VideoTokenAccountingTest {
    @TempDir
    static Path dir;

    static Path clip;

    @BeforeAll
    static void makeClip() throws Exception {
        clip = dir.resolve("tokens.mp4");
        // 20 s at 10 fps = 200 frames: enough for 120 uniform slots of 166 ms
        TestClips.write(clip, 160, 90, 10, List.of(new Segment(200, 90, Motion.MOVING)));
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "8, 1", "9, 1", "10, 2", "32, 4", "108, 12", "120, 14"})
    void sampledFramesMatchTokenAccounting(int frames, int canvases) {
        ChunkingConfig config = ChunkingConfig.defaults()
                .withChunkMs(60_000)
                .withSceneCuts(false)
                .withDedup(-1)
                .withSampling(new SamplingPolicy.Uniform(frames));
        VideoChunk chunk;
        try (VideoSource source = VideoSource.openFile(clip, DecodeConfig.defaults())) {
            ChunkAssembler assembler = new ChunkAssembler("t", config, source.durationMs(), new StreamCounters());
            DecodedFrame f;
            while ((f = source.next()) != null) {
                assertThat(assembler.accept(f)).isEmpty();
            }
            chunk = assembler.finish().orElseThrow();
        }
        List<SampledFrame> sampled = chunk.frames();
        assertThat(sampled).hasSize(frames);
        for (int i = 1; i < sampled.size(); i++) {
            assertThat(sampled.get(i).ptsMs()).isGreaterThan(sampled.get(i - 1).ptsMs());
        }
        // uniform: the last sample lies in the last slot of the clip
        assertThat(sampled.getLast().ptsMs()).isGreaterThanOrEqualTo(20_000L - 20_000L / frames - 100);

        VisualTokens.VideoPlan plan = chunk.tokenPlan(81, 9);
        VisualTokens.VideoPlan reference = VisualTokens.video(sampled.size(), 81, 9);
        assertThat(plan).isEqualTo(reference);
        assertThat(plan.canvases()).hasSize(canvases);
        assertThat(plan.canvases().stream()
                        .mapToInt(VisualTokens.Canvas::frames)
                        .sum())
                .isEqualTo(frames);
        // spec §5 totals where every canvas is an exact frame rectangle (G = F)
        if (frames == 108) {
            assertThat(plan.tokens()).isEqualTo(1836);
        }
        if (frames == 120) {
            assertThat(plan.tokens()).isEqualTo(2088);
        }
    }
}
