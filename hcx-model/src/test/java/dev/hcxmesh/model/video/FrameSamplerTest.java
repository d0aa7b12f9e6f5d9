package dev.hcxmesh.model.video;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.model.tokens.VisualTokens;
import org.junit.jupiter.api.Test;

class FrameSamplerTest {

    @Test
    void uniformMatchesNumpyLinspaceTruncation() {
        // numpy.linspace(0, 99, 8).astype(int) = [0 14 28 42 56 70 84 99]
        assertThat(FrameSampler.uniform(100, 8)).containsExactly(0, 14, 28, 42, 56, 70, 84, 99);
        assertThat(FrameSampler.uniform(5, 8)).containsExactly(0, 1, 2, 3, 4);
        assertThat(FrameSampler.uniform(10, 1)).containsExactly(0);
    }

    @Test
    void timestampsAreSliceCentres() {
        assertThat(FrameSampler.uniformTimestamps(10, 4)).containsExactly(1.25, 3.75, 6.25, 8.75);
    }

    @Test
    void fpsModeAndCap() {
        // 30 fps, 10 s → 1 fps gives 10 frames, one per second
        assertThat(FrameSampler.atFps(300, 30, 1, 108)).containsExactly(0, 30, 60, 90, 120, 150, 180, 210, 240, 270);
        // one hour at 1 fps is capped to 108 uniform frames → 1836 tokens (12 canvases)
        int[] capped = FrameSampler.defaults(30 * 3600, 30);
        assertThat(capped).hasSize(FrameSampler.DEFAULT_MAX_FRAMES);
        assertThat(capped[0]).isZero();
        assertThat(capped[107]).isEqualTo(30 * 3600 - 1);
        assertThat(VisualTokens.videoTokens(capped.length)).isEqualTo(1836);
    }
}
