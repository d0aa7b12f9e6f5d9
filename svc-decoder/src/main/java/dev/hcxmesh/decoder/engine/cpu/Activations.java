package dev.hcxmesh.decoder.engine.cpu;

/**
 * The input rows of one matmul, {@code x [n, cols]}, shared by every thread of the call, and their
 * Q8 form for integer kernels ({@link Q4Matrix}): per row and 32-column block a scale {@code d =
 * max|x| / 127} and int8 values {@code q = round(x / d)}, as llama.cpp quantises activations for its
 * integer dot products. Values are stored as int16 pairs, column {@code 2j} in the low half of {@code
 * pairs[j]} and {@code 2j+1} in the high half, so a kernel broadcasts two columns with one 32-bit load.
 * The Q8 form is made once, on first use.
 */
final class Activations {
    final float[] x; // [n, cols]
    final int n;
    final int cols;
    private volatile Q8 q8;

    /**
     * Q8 activations: {@code pairs [n, cols/2]} packed int16 values, {@code scales [n, cols/32]}, and
     * {@code sums [n, cols/32]} each block's {@code Σq} (for kernels that store weights with a bias).
     */
    record Q8(int[] pairs, float[] scales, int[] sums) {}

    Activations(float[] x, int n, int cols) {
        if (n < 0 || (long) n * cols > x.length) {
            throw new IllegalArgumentException("inputs [" + n + ", " + cols + "] exceed " + x.length + " floats");
        }
        this.x = x;
        this.n = n;
        this.cols = cols;
    }

    Q8 q8() {
        Q8 q = q8;
        if (q == null) {
            synchronized (this) {
                q = q8;
                if (q == null) {
                    q8 = q = quantise();
                }
            }
        }
        return q;
    }

    private Q8 quantise() {
        int blocks = cols / Matrix.BLOCK;
        int[] pairs = new int[n * cols / 2];
        float[] scales = new float[n * blocks];
        int[] sums = new int[n * blocks];
        for (int b = 0; b < n; b++) {
            for (int blk = 0; blk < blocks; blk++) {
                int c0 = b * cols + blk * Matrix.BLOCK;
                float amax = 0;
                for (int i = 0; i < Matrix.BLOCK; i++) {
                    amax = Math.max(amax, Math.abs(x[c0 + i]));
                }
                float d = amax / 127f;
                float id = d == 0 ? 0 : 1f / d;
                scales[b * blocks + blk] = d;
                int sum = 0;
                for (int i = 0; i < Matrix.BLOCK; i += 2) {
                    int lo = Math.round(x[c0 + i] * id), hi = Math.round(x[c0 + i + 1] * id);
                    pairs[c0 / 2 + i / 2] = (lo & 0xFFFF) | (hi << 16);
                    sum += lo + hi;
                }
                sums[b * blocks + blk] = sum;
            }
        }
        return new Q8(pairs, scales, sums);
    }

    /** The Q8 form read back as floats {@code d·q} (the values an integer kernel multiplies). */
    float[] dequantised() {
        Q8 q = q8();
        float[] out = new float[n * cols];
        for (int i = 0; i < n * cols; i++) {
            int pair = q.pairs[i / 2];
            int v = (i & 1) == 0 ? (short) pair : pair >> 16;
            out[i] = q.scales[i / Matrix.BLOCK] * v;
        }
        return out;
    }
}
