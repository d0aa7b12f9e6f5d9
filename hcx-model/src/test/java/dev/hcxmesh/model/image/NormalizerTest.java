package dev.hcxmesh.model.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NormalizerTest {

    @Test
    void chwLayoutAndValues() {
        byte[] tile = new byte[378 * 378 * 3];
        tile[0] = 0;
        tile[1] = (byte) 255;
        tile[2] = (byte) 127;
        int last = (378 * 378 - 1) * 3;
        tile[last] = (byte) 200;
        float[] chw = Normalizer.toChw(tile); // [3, 378, 378]
        int plane = 378 * 378;
        assertThat(chw).hasSize(3 * plane);
        assertThat(chw[0]).isEqualTo(-1f);
        assertThat(chw[plane]).isEqualTo(1f);
        float x127 = (float) (127 * (1.0 / 255.0));
        assertThat(chw[2 * plane]).isEqualTo((x127 - 0.5f) / 0.5f);
        float x200 = (float) (200 * (1.0 / 255.0));
        assertThat(chw[plane - 1]).isEqualTo((x200 - 0.5f) / 0.5f);
    }

    @Test
    void wrongSizeIsNamed() {
        assertThatThrownBy(() -> Normalizer.toChw(new byte[10]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("428652")
                .hasMessageContaining("found 10");
    }
}
