package dev.hcxmesh.ocrlens.video;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VideoHelpersTest {

    @Test
    void otsuSplitsBimodalAndMakesMinorityBlack() {
        byte[] g = new byte[100];
        for (int i = 0; i < 100; i++) {
            g[i] = (byte) (i < 20 ? 230 : 30); // 20 % bright "text" on a dark band
        }
        int t = Binarizer.otsuThreshold(g);
        assertThat(t).isBetween(30, 229);
        byte[] b = Binarizer.otsu(g);
        assertThat(b[0]).isEqualTo((byte) 0);
        assertThat(b[99]).isEqualTo((byte) 255);
    }

    @Test
    void sauvolaHandlesIlluminationGradient() {
        int w = 60;
        int h = 20;
        byte[] g = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int bg = 100 + 2 * x; // 100..218
                boolean stroke = x % 10 == 5 && y > 4 && y < 16;
                g[y * w + x] = (byte) (stroke ? bg - 80 : bg);
            }
        }
        byte[] b = Binarizer.sauvola(g, w, h, 15, 0.3);
        assertThat(b[10 * w + 5]).isEqualTo((byte) 0);
        assertThat(b[10 * w + 55]).isEqualTo((byte) 0);
        assertThat(b[10 * w + 50]).isEqualTo((byte) 255);
        assertThat(b[2 * w + 45]).isEqualTo((byte) 255);
    }

    @Test
    void dHashDistanceAndCacheLookup() {
        byte[] a = new byte[64 * 16];
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) ((i * 37) % 251);
        }
        byte[] b = a.clone();
        b[5] = (byte) (b[5] + 3);
        byte[] c = new byte[a.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = (byte) ((i * 91) % 241);
        }
        DHash ha = DHash.of(a, 64, 16, 16, 8);
        assertThat(ha.distance(DHash.of(b, 64, 16, 16, 8))).isLessThanOrEqualTo(2);
        assertThat(ha.distance(DHash.of(c, 64, 16, 16, 8))).isGreaterThan(20);
        assertThat(ha.distance(DHash.of(a, 64, 16, 8, 8))).isEqualTo(Integer.MAX_VALUE);

        FrameOcrCache cache = new FrameOcrCache(2, 3);
        assertThat(cache.lookup(ha)).isEqualTo(Optional.empty());
        cache.put(ha, List.of());
        assertThat(cache.lookup(DHash.of(b, 64, 16, 16, 8))).isPresent();
        assertThat(cache.lookup(DHash.of(c, 64, 16, 16, 8))).isEmpty();
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(2);
    }

    @Test
    void upscaleKeepsSizeAndCorners() {
        byte[] g = {0, (byte) 255, (byte) 255, 0};
        byte[] u = Binarizer.upscale(g, 2, 2, 3);
        assertThat(u).hasSize(36);
        assertThat(u[0]).isEqualTo((byte) 0);
        assertThat(u[5]).isEqualTo((byte) 255);
    }
}
