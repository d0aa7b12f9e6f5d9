package dev.hcxmesh.encoder.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcxmesh.model.config.PreprocessorConfig;
import dev.hcxmesh.model.tokens.VisualTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Assembly layout and counts against {@link VisualTokens} for the spec's sizes (HCX-MODEL-SPEC §2.7, §4, §5). */
class VisualFeaturesTest {
    static final int D = 3;

    /** Row value encodes (tile, token): tile·1000 + token, in every column. */
    static float[] tagged(int tiles, int q) {
        float[] f = new float[tiles * q * D];
        for (int t = 0; t < tiles; t++) {
            for (int k = 0; k < q; k++) {
                for (int c = 0; c < D; c++) {
                    f[(t * q + k) * D + c] = t * 1000 + k;
                }
            }
        }
        return f;
    }

    @ParameterizedTest
    @CsvSource({
        "378,378,171,9,9",
        "1920,1080,675,18,32",
        "640,480,347,14,18",
        "512,512,423,18,18",
        "1080,1920,689,32,18"
    })
    void imageLayoutMatchesPlan(int w, int h, int q, int rows, int cols) {
        var plan = VisualTokens.image(w, h, PreprocessorConfig.hcxDefaults(), 81);
        assertThat(plan.tokens()).isEqualTo(q);
        float[] nl = {-1, -1, -1};
        float[] out = VisualFeatures.assembleImage(tagged(plan.tileCount(), 81), plan, nl);
        assertThat(out).hasSize(q * D);
        // global view first, untouched, no newline after it
        for (int k = 0; k < 81; k++) {
            assertThat(out[k * D]).isEqualTo(k);
        }
        assertThat(out[81 * D]).isNotEqualTo(-1f);
        var map = plan.map();
        assertThat(map.rows()).isEqualTo(rows);
        assertThat(map.cols()).isEqualTo(cols);
        int row = 81;
        for (int mr = 0; mr < rows; mr++) {
            for (int mc = 0; mc < cols; mc++) {
                int fr = mr + map.cropTop();
                int fc = mc + map.cropLeft();
                int tile = 1 + (fr / 9) * plan.gridCols() + fc / 9;
                int token = (fr % 9) * 9 + fc % 9;
                assertThat(out[row * D + 1]).as("map %d,%d", mr, mc).isEqualTo(tile * 1000 + token);
                row++;
            }
            assertThat(out[row * D]).as("newline after row %d", mr).isEqualTo(-1f);
            row++;
        }
        assertThat(row).isEqualTo(q);
        assertThat(VisualFeatures.imageQueries(plan)).hasSize(plan.tileCount()).containsOnly(81);
    }

    @Test
    void wrongFeatureSizeIsRejectedWithCounts() {
        var plan = VisualTokens.image(378, 378, PreprocessorConfig.hcxDefaults(), 81);
        assertThatThrownBy(() -> VisualFeatures.assembleImage(new float[81 * D], plan, new float[D]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 2x81x3");
    }

    @ParameterizedTest
    // canvases whose frames fill whole rows of 3; other partial layouts are spec §11 [U]
    @CsvSource({"108,1836", "120,2088", "1,81", "9,153", "18,306"})
    void videoCountsMatchPlan(int frames, int tokens) {
        var plan = VisualTokens.video(frames, 81, 9);
        assertThat(plan.tokens()).isEqualTo(tokens);
        int[] q = VisualFeatures.videoQueries(plan, 81, 9);
        assertThat(q).hasSize(plan.grids());
        int sum = 0;
        for (int x : q) {
            sum += x;
        }
        assertThat(sum).isEqualTo(tokens);
        int g = 0;
        for (var canvas : plan.canvases()) {
            assertThat(q[g]).isEqualTo(81);
            for (int i = 1; i < canvas.grids(); i++) {
                assertThat(q[g + i]).isEqualTo(9);
            }
            g += canvas.grids();
        }
        float[] feats = new float[sum * D];
        feats[feats.length - 1] = 5;
        assertThat(VisualFeatures.assembleVideo(feats, plan, 81, 9, D)).containsExactly(feats);
        assertThatThrownBy(() -> VisualFeatures.assembleVideo(new float[D], plan, 81, 9, D))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
