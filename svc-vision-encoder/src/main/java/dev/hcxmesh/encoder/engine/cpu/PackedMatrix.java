package dev.hcxmesh.encoder.engine.cpu;

/**
 * The B operand of {@link Gemm}: a logical {@code [n, k]} matrix (a Linear weight {@code [out, in]})
 * stored as column panels of {@link Gemm#NR} output columns, each {@code [k][NR]} contiguous, zero
 * padded past {@code n}. Stored as F32, or as BF16 (round to nearest even) to halve memory.
 */
final class PackedMatrix {
    final int n;
    final int k;
    final int panels;
    final float[] f32; // [panels, k, NR] or null
    final short[] bf16; // [panels, k, NR] or null

    private PackedMatrix(int n, int k, float[] f32, short[] bf16) {
        this.n = n;
        this.k = k;
        this.panels = (n + Gemm.NR - 1) / Gemm.NR;
        this.f32 = f32;
        this.bf16 = bf16;
    }

    /** Packs a row-major {@code [n, k]} matrix (row stride {@code ld}, starting at {@code off}). */
    static PackedMatrix fromNk(float[] w, int off, int ld, int n, int k, boolean bf16) {
        int panels = (n + Gemm.NR - 1) / Gemm.NR;
        float[] p = new float[panels * k * Gemm.NR];
        packNk(w, off, ld, n, k, p);
        return bf16 ? new PackedMatrix(n, k, null, toBf16(p)) : new PackedMatrix(n, k, p, null);
    }

    /** Packs {@code [n, k]} rows into {@code dst} ({@code [panels, k, NR]}), reusing a buffer. */
    static void packNk(float[] w, int off, int ld, int n, int k, float[] dst) {
        int nr = Gemm.NR;
        int panels = (n + nr - 1) / nr;
        for (int p = 0; p < panels; p++) {
            int base = p * k * nr;
            for (int j = 0; j < nr; j++) {
                int col = p * nr + j;
                if (col < n) {
                    int src = off + col * ld;
                    for (int kk = 0; kk < k; kk++) {
                        dst[base + kk * nr + j] = w[src + kk];
                    }
                } else {
                    for (int kk = 0; kk < k; kk++) {
                        dst[base + kk * nr + j] = 0f;
                    }
                }
            }
        }
    }

    /** Packs a row-major {@code [k, n]} matrix (the logical transpose) into {@code dst}. */
    static void packKn(float[] v, int off, int ld, int n, int k, float[] dst) {
        int nr = Gemm.NR;
        int panels = (n + nr - 1) / nr;
        for (int p = 0; p < panels; p++) {
            int base = p * k * nr;
            int width = Math.min(nr, n - p * nr);
            for (int kk = 0; kk < k; kk++) {
                int src = off + kk * ld + p * nr;
                int d = base + kk * nr;
                System.arraycopy(v, src, dst, d, width);
                for (int j = width; j < nr; j++) {
                    dst[d + j] = 0f;
                }
            }
        }
    }

    /** Wraps an already packed F32 buffer. */
    static PackedMatrix wrap(float[] packed, int n, int k) {
        return new PackedMatrix(n, k, packed, null);
    }

    static short[] toBf16(float[] f) {
        short[] s = new short[f.length];
        for (int i = 0; i < f.length; i++) {
            int bits = Float.floatToRawIntBits(f[i]);
            int rounded = bits + 0x7fff + ((bits >>> 16) & 1);
            s[i] = (short) (rounded >>> 16);
        }
        return s;
    }

    long bytes() {
        return f32 != null ? 4L * f32.length : 2L * bf16.length;
    }
}
