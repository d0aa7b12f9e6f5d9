package dev.hcxmesh.decoder.engine.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.decoder.engine.CollectingSink;
import dev.hcxmesh.decoder.engine.GreedySelector;
import dev.hcxmesh.decoder.engine.SequenceRequest;
import dev.hcxmesh.decoder.engine.TinyLlama;
import dev.hcxmesh.decoder.engine.llama.LlamaWeightNames;
import dev.hcxmesh.model.config.TextConfig;
import dev.hcxmesh.model.tensor.Tensor;
import dev.hcxmesh.model.tensor.Weights;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Kernels of every format against their own dequantised rows (and, for Q4_0, its Q8 activations),
 * within 1e-3 absolute on dot products of magnitude ~10; batch invariance of the kernels; and
 * end-to-end logits of BF16 / Q8_0 / Q4_0 weights close to F32 (relative L2 error: BF16 < 2 %, Q8_0 <
 * 3 %, Q4_0 < 35 %: random tiny weights have no redundancy, so 4-bit error compounds).
 */
class QuantisedTest {

    @Test
    void kernelsMatchDequantisedRowsAndAreBatchInvariant() {
        SplittableRandom rnd = new SplittableRandom(5);
        int rows = 100, cols = 96, n = 9; // 7 panels: 4-panel, 1-panel and partial kernels
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rnd.nextGaussian();
        }
        float[] x = new float[n * cols]; // [n, cols]
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        Tensor t = Tensor.ofFloats("w", w, rows, cols);
        for (WeightFormat f : WeightFormat.values()) {
            Matrix m = Matrix.from(t, f);
            float[] out = new float[n * rows];
            m.matmul(x, n, out, rows, 0, 37); // odd split: 2-row tiles then a single row; a split panel
            m.matmul(x, n, out, rows, 37, rows);
            float[] row = new float[cols];
            // Q4_0 multiplies int8-quantised activations (llama.cpp's scheme): its oracle uses them too
            float[] xr = f == WeightFormat.Q4_0 ? new Activations(x, n, cols).dequantised() : x;
            for (int r = 0; r < rows; r++) {
                m.row(r, row, 0);
                for (int b = 0; b < n; b++) {
                    double d = 0;
                    for (int c = 0; c < cols; c++) {
                        d += (double) row[c] * xr[b * cols + c];
                    }
                    assertThat((double) out[b * rows + r])
                            .as("%s r%d b%d", f, r, b)
                            .isCloseTo(d, org.assertj.core.data.Offset.offset(1e-3));
                }
            }
            for (int b = 0; b < n; b++) { // same bits alone as in a batch of 9, on split row ranges
                float[] xb = java.util.Arrays.copyOfRange(x, b * cols, (b + 1) * cols);
                float[] single = new float[rows];
                m.matmul(xb, 1, single, rows, 0, 37);
                m.matmul(xb, 1, single, rows, 37, rows);
                for (int r = 0; r < rows; r++) {
                    assertThat(single[r]).as("%s b%d r%d", f, b, r).isEqualTo(out[b * rows + r]);
                }
            }
            if (f != WeightFormat.F32) {
                double err = 0, ref = 0;
                for (int i = 0; i < rows; i++) {
                    m.row(i, row, 0);
                    for (int c = 0; c < cols; c++) {
                        err += Math.pow(row[c] - w[i * cols + c], 2);
                        ref += Math.pow(w[i * cols + c], 2);
                    }
                }
                double rel = Math.sqrt(err / ref);
                double limit = f == WeightFormat.BF16 ? 0.005 : f == WeightFormat.Q8_0 ? 0.01 : 0.12;
                assertThat(rel).as("%s weight error", f).isLessThan(limit);
            }
        }
    }

    /**
     * Q4_0 keeps its scales as f16 bits and decodes them in the kernels ({@link F16Scales}); Q8_0 widens
     * them at load. Either way every finite f16 value, normal, subnormal, zero and negative, must come
     * out as {@link Float#float16ToFloat}. Once with every finite f16 (the largest ones allow no shift, so subnormals
     * are decoded as such) and once with every f16 under 32 (stored times 2^10: no subnormal left). One
     * row per value with level 1 at column 0 and 0 elsewhere; the input isolates it (Q4_0's int8 form
     * of 127 has scale 1 and level 127, so its output is exactly 127·d). n = 1 and n = 5 run the
     * four-panel, two-panel-by-four-input and single-panel kernels.
     */
    @Test
    void kernelsDecodeEveryFiniteF16ScaleExactly() {
        for (int limit : new int[] {0x7C00, 0x5000}) { // every finite f16; every f16 under 32
            short[] scales = new short[2 * limit]; // [rows]: +0 .. +limit, then -0 .. -limit
            for (int i = 0; i < limit; i++) {
                scales[i] = (short) i;
                scales[limit + i] = (short) (0x8000 | i);
            }
            int rows = scales.length, cols = Matrix.BLOCK;
            byte[] q8 = new byte[rows * cols];
            byte[] q4 = new byte[rows * cols / 2]; // per byte two levels as q + 8: 0x88 is level 0 twice
            java.util.Arrays.fill(q4, (byte) 0x88);
            for (int r = 0; r < rows; r++) {
                q8[r * cols] = 1;
                q4[r * cols / 2] = (byte) 0x89;
            }
            for (Matrix m : new Matrix[] {new Q8Matrix(rows, cols, q8, scales), new Q4Matrix(rows, cols, q4, scales)}) {
                float unit = m.format() == WeightFormat.Q8_0 ? 1 : 127;
                for (int n : new int[] {1, 5}) {
                    float[] x = new float[n * cols];
                    for (int b = 0; b < n; b++) {
                        x[b * cols] = unit;
                    }
                    float[] out = new float[n * rows];
                    m.matmul(x, n, out, rows, 0, rows - 3); // the last panel split: the single-panel kernel
                    m.matmul(x, n, out, rows, rows - 3, rows);
                    for (int b = 0; b < n; b++) {
                        for (int r = 0; r < rows; r++) {
                            float want = unit * Float.float16ToFloat(scales[r]);
                            if (out[b * rows + r] != want) { // one assertion per mismatch only: 63488 rows
                                assertThat(out[b * rows + r])
                                        .as("%s f16 0x%04x n%d b%d", m.format(), scales[r] & 0xFFFF, n, b)
                                        .isEqualTo(want);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void quantisedLogitsStayCloseToF32() {
        TextConfig cfg = TinyLlama.config();
        Weights w = TinyLlama.weights(cfg, LlamaWeightNames.HCX, 42);
        int[] prompt = TinyLlama.prompt(30, 11);
        float[] f32 = firstLogits(cfg, w, prompt, WeightFormat.F32);
        double bf16 = relL2(firstLogits(cfg, w, prompt, WeightFormat.BF16), f32);
        double q8 = relL2(firstLogits(cfg, w, prompt, WeightFormat.Q8_0), f32);
        double q4 = relL2(firstLogits(cfg, w, prompt, WeightFormat.Q4_0), f32);
        System.out.printf("relative L2 logits error vs F32: BF16 %.4f, Q8_0 %.4f, Q4_0 %.4f%n", bf16, q8, q4);
        assertThat(bf16).isLessThan(0.02);
        assertThat(q8).isLessThan(0.03);
        assertThat(q4).isLessThan(0.35);
    }

    static float[] firstLogits(TextConfig cfg, Weights w, int[] prompt, WeightFormat f) {
        var opts = CpuEngineOptions.defaults()
                .withNames(LlamaWeightNames.HCX, true)
                .withKv(4L << 20, 16)
                .withFormat(f);
        GreedySelector sel = new GreedySelector(-1, true);
        try (var engine = CpuLanguageEngine.load(cfg, w, opts)) {
            CollectingSink sink = new CollectingSink();
            engine.start(new SequenceRequest("q", prompt, List.of(), sel, 1, 0, "t", null), sink);
            sink.await();
        }
        return sel.seen.get(0);
    }

    static double relL2(float[] a, float[] ref) {
        double e = 0, r = 0;
        for (int i = 0; i < a.length; i++) {
            e += Math.pow(a[i] - ref[i], 2);
            r += Math.pow(ref[i], 2);
        }
        return Math.sqrt(e / r);
    }
}
