package dev.hcxmesh.model.video;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.model.image.RgbImage;
import dev.hcxmesh.model.tokens.VisualTokens;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanvasPackerTest {

    @Test
    void layoutAgreesWithVisualTokensForEveryCount() {
        CanvasPacker packer = CanvasPacker.hcxDefaults();
        RgbImage frame = RgbImage.filled(64, 48, 1, 2, 3);
        for (int n = 1; n <= 19; n++) {
            List<RgbImage> frames = Collections.nCopies(n, frame);
            List<RgbImage> canvases = packer.canvases(frames);
            VisualTokens.VideoPlan plan = VisualTokens.video(n, 81, 9);
            assertThat(canvases).hasSize(plan.canvases().size());
            for (int i = 0; i < canvases.size(); i++) {
                VisualTokens.Canvas c = plan.canvases().get(i);
                assertThat(canvases.get(i).width()).isEqualTo(c.cols() * 378);
                assertThat(canvases.get(i).height()).isEqualTo(c.rows() * 378);
            }
        }
    }

    @Test
    void packTilesEachCanvasWithoutGlobalView() {
        List<RgbImage> frames = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            frames.add(RgbImage.filled(854, 480, i * 20, 0, 0));
        }
        CanvasPacker.PackedVideo v = CanvasPacker.hcxDefaults().pack(frames);
        assertThat(v.canvases()).hasSize(2);
        assertThat(v.canvases().get(0).grids()).isEqualTo(9);
        assertThat(v.canvases().get(1).grids()).isEqualTo(2);
        assertThat(v.plan().tokens()).isEqualTo(81 + 8 * 9 + 81 + 9);
        // frame 4 sits in cell (1,1): 854x480 → 378x212, centred at y = 83
        byte[] centre = v.canvases().get(0).tiles().get(4);
        assertThat(centre[(82 * 378 + 10) * 3] & 0xFF).isEqualTo(127);
        assertThat(centre[(83 * 378 + 10) * 3] & 0xFF).isEqualTo(80);
    }

    @Test
    void fitFrameTruncatesLikeResizeImage() {
        CanvasPacker p = CanvasPacker.hcxDefaults();
        RgbImage f = p.fitFrame(RgbImage.filled(1920, 1080, 0, 0, 0));
        assertThat(f.width()).isEqualTo((int) (1920 * (378.0 / 1920)));
        assertThat(f.height()).isEqualTo((int) (1080 * (378.0 / 1920)));
        RgbImage small = RgbImage.filled(300, 200, 0, 0, 0);
        assertThat(p.fitFrame(small)).isSameAs(small);
    }
}
