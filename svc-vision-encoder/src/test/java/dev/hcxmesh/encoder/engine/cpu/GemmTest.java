package dev.hcxmesh.encoder.engine.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The packed GEMM against a double-precision triple loop on ragged shapes (K over one block, partial panels). */
class GemmTest {

    @ParameterizedTest
    @CsvSource({
        "13,200,45,false,true,false,1",
        "6,32,32,false,false,false,1",
        "1,7,3,true,true,false,2",
        "29,400,100,true,true,false,2",
        "17,193,64,false,true,true,2"
    })
    void matchesReference(int m, int k, int n, boolean accumulate, boolean withBias, boolean bf16, int threads) {
        var rnd = new SplittableRandom(m * 31L + k * 7L + n);
        int lda = k + 3;
        int ldc = n + 5;
        float[] a = random(rnd, m * lda);
        float[] w = random(rnd, n * k);
        float[] bias = withBias ? random(rnd, n) : null;
        float[] c = random(rnd, m * ldc);
        float[] c0 = c.clone();
        PackedMatrix b = PackedMatrix.fromNk(w, 0, k, n, k, bf16);
        float[] wUsed = w.clone();
        if (bf16) {
            short[] h = PackedMatrix.toBf16(w);
            for (int i = 0; i < w.length; i++) {
                wUsed[i] = Float.intBitsToFloat(h[i] << 16);
            }
        }
        try (var par = new Parallel(threads)) {
            Gemm.gemm(a, 0, lda, m, b, c, 0, ldc, bias, accumulate, par);
        }
        double maxDiff = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < ldc; j++) {
                double want;
                if (j < n) {
                    want = (accumulate ? c0[i * ldc + j] : 0) + (bias != null ? bias[j] : 0);
                    for (int kk = 0; kk < k; kk++) {
                        want += (double) a[i * lda + kk] * wUsed[j * k + kk];
                    }
                } else {
                    want = c0[i * ldc + j]; // columns past n are untouched
                }
                maxDiff = Math.max(maxDiff, Math.abs(want - c[i * ldc + j]));
            }
        }
        assertThat(maxDiff).isLessThan(1e-4 * Math.sqrt(k));
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) (2 * rnd.nextDouble() - 1);
        }
        return f;
    }
}
