package dev.hcxmesh.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HCX-MODEL-SPEC §2.7 worked examples through the tiler. */
class AnyResTilerTest {

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"378,378,2,171", "1920,1080,9,675", "640,480,5,347", "512,512,5,423", "1080,1920,9,689"})
    void specExamples(int w, int h, int tiles, int tokens) {
        TiledImage t = AnyResTiler.hcxDefaults().tile(RgbImage.filled(w, h, 10, 20, 30));
        assertThat(t.tiles()).hasSize(tiles).allSatisfy(b -> assertThat(b).hasSize(378 * 378 * 3));
        assertThat(t.plan().tokens()).isEqualTo(tokens);
    }

    @Test
    void globalViewLetterboxOffset() {
        // 1920x1080 → thumb 378x213 pasted at y = 82
        RgbImage g = AnyResTiler.hcxDefaults().globalView(RgbImage.filled(1920, 1080, 10, 20, 30));
        assertThat(g.get(5, 81, 0)).isEqualTo(127);
        assertThat(g.get(5, 82, 0)).isEqualTo(10);
        assertThat(g.get(5, 82 + 212, 0)).isEqualTo(10);
        assertThat(g.get(5, 82 + 213, 0)).isEqualTo(127);
    }

    @Test
    void localPadOffset() {
        // 1920x1080 → [756,1512], resized 1344x756 at x = 84: tile (0,0) column 83 is pad, 84 is image
        TiledImage t = AnyResTiler.hcxDefaults().tile(RgbImage.filled(1920, 1080, 10, 20, 30));
        byte[] first = t.tiles().get(1);
        assertThat(first[(0 * 378 + 83) * 3] & 0xFF).isEqualTo(127);
        assertThat(first[(0 * 378 + 84) * 3] & 0xFF).isEqualTo(10);
    }
}
