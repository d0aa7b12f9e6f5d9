package dev.hcxmesh.model.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.model.config.PreprocessorConfig;
import dev.hcxmesh.model.config.PreprocessorConfig.Resolution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VisualTokensTest {
    private static final PreprocessorConfig PRE = PreprocessorConfig.hcxDefaults();

    @ParameterizedTest(name = "{0}x{1} -> {2} tokens")
    @CsvSource({
        // the spec's worked examples (HCX-MODEL-SPEC §2.7)
        "378, 378, 171, 378, 378",
        "1920, 1080, 675, 756, 1512",
        "640, 480, 347, 756, 756",
        "512, 512, 423, 756, 756",
        "1080, 1920, 689, 1512, 756",
    })
    void workedExamples(int w, int h, int tokens, int bestH, int bestW) {
        var plan = VisualTokens.image(w, h, PRE, 81);
        assertThat(plan.tokens()).isEqualTo(tokens);
        assertThat(plan.best()).isEqualTo(new Resolution(bestH, bestW));
        assertThat(VisualTokens.imageTokens(w, h)).isEqualTo(tokens);
    }

    @ParameterizedTest(name = "{0} frames -> {1} tokens")
    @CsvSource({"1, 81", "8, 153", "9, 153", "10, 234", "32, 585", "108, 1836", "120, 2088"})
    void videoExamples(int frames, int tokens) {
        assertThat(VisualTokens.videoTokens(frames)).isEqualTo(tokens);
    }

    @ParameterizedTest
    @CsvSource({"1,1", "1,4000", "4000,1", "379,377", "377,379", "7919,13", "13,7919", "2,3", "3,2", "9999,9999"})
    void invariantsOnAwkwardSizes(int w, int h) {
        for (int[] wh : new int[][] {{w, h}, {h, w}}) {
            var plan = VisualTokens.image(wh[0], wh[1], PRE, 81);
            var map = plan.map();
            assertThat(plan.gridRows() * plan.gridCols()).isBetween(1, 9);
            assertThat(map.rows()).isBetween(1, map.fullRows());
            assertThat(map.cols()).isBetween(1, map.fullCols());
            assertThat(map.rows() + 2 * map.cropTop()).isEqualTo(map.fullRows());
            assertThat(map.cols() + 2 * map.cropLeft()).isEqualTo(map.fullCols());
            assertThat(plan.tokens()).isEqualTo(81 + map.rows() * map.cols() + map.rows());
            var local = AnyRes.localResizeSize(wh[0], wh[1], plan.best());
            assertThat(local.width()).isBetween(1, plan.best().width());
            assertThat(local.height()).isBetween(1, plan.best().height());
            var thumb = AnyRes.globalThumbSize(wh[0], wh[1], 378);
            assertThat(Math.max(thumb.width(), thumb.height())).isEqualTo(378);
        }
    }
}
