package dev.hcxmesh.encoder.engine.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision GEMM {@code C[m, n] (+)= A[m, k] · Bᵀ + bias}, with B a {@link PackedMatrix}
 * (logical {@code [n, k]}, i.e. a Linear weight). Blocked for cache: K in chunks of {@link #KC} so a
 * {@code [KC, NR]} B micro-panel stays in L1 while A streams from L2; a {@link #MR}×{@link #NR}
 * register-blocked FMA microkernel (12 vector accumulators). Threads split the column panels.
 */
final class Gemm {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Panel width: two vectors. */
    static final int NR = 2 * L;
    /** Rows per microkernel call. */
    static final int MR = 6;
    /** K block. */
    static final int KC = 192;

    private Gemm() {}

    /**
     * Multiplies.
     *
     * @param a A, row {@code i} at {@code aOff + i·lda}
     * @param m rows of A and C
     * @param b packed B ({@code [n, k]})
     * @param c C, row {@code i} at {@code cOff + i·ldc}; only columns {@code [0, n)} are written
     * @param bias {@code [n]} or null
     * @param accumulate add into C instead of overwriting it
     * @param par worker pool, or null to run on the caller only
     */
    static void gemm(
            float[] a,
            int aOff,
            int lda,
            int m,
            PackedMatrix b,
            float[] c,
            int cOff,
            int ldc,
            float[] bias,
            boolean accumulate,
            Parallel par) {
        if (par == null || par.threads() == 1) {
            panels(a, aOff, lda, m, b, 0, b.panels, c, cOff, ldc, bias, accumulate);
        } else {
            par.forRange(b.panels, (p0, p1) -> panels(a, aOff, lda, m, b, p0, p1, c, cOff, ldc, bias, accumulate));
        }
    }

    private static void panels(
            float[] a,
            int aOff,
            int lda,
            int m,
            PackedMatrix b,
            int p0,
            int p1,
            float[] c,
            int cOff,
            int ldc,
            float[] bias,
            boolean accumulate) {
        int k = b.k;
        float[] scratch = b.bf16 != null ? new float[KC * NR] : null;
        float[] biasPad = null;
        if (bias != null) {
            biasPad = new float[b.panels * NR];
            System.arraycopy(bias, 0, biasPad, 0, b.n);
        }
        float[] tmp = new float[MR * NR]; // partial panels: [MR, NR] staging rows
        for (int k0 = 0; k0 < k; k0 += KC) {
            int kb = Math.min(KC, k - k0);
            boolean load = accumulate || k0 > 0;
            float[] bz = k0 == 0 ? biasPad : null;
            for (int p = p0; p < p1; p++) {
                float[] bp;
                int bo;
                int src = p * k * NR + k0 * NR;
                if (scratch == null) {
                    bp = b.f32;
                    bo = src;
                } else {
                    short[] h = b.bf16;
                    for (int i = 0, e = kb * NR; i < e; i++) {
                        scratch[i] = Float.intBitsToFloat(h[src + i] << 16);
                    }
                    bp = scratch;
                    bo = 0;
                }
                int col0 = p * NR;
                int width = Math.min(NR, b.n - col0);
                if (width == NR) {
                    int i = 0;
                    for (; i + MR <= m; i += MR) {
                        micro6(a, aOff + i * lda + k0, lda, bp, bo, kb, c, cOff + i * ldc + col0, ldc, load, bz, col0);
                    }
                    for (; i < m; i++) {
                        micro1(a, aOff + i * lda + k0, bp, bo, kb, c, cOff + i * ldc + col0, load, bz, col0);
                    }
                } else {
                    // ragged last panel: stage MR rows in tmp (row stride NR), copy the valid columns back
                    for (int i = 0; i < m; i += MR) {
                        int rows = Math.min(MR, m - i);
                        java.util.Arrays.fill(tmp, 0f);
                        if (load) {
                            for (int r = 0; r < rows; r++) {
                                System.arraycopy(c, cOff + (i + r) * ldc + col0, tmp, r * NR, width);
                            }
                        }
                        if (rows == MR) {
                            micro6(a, aOff + i * lda + k0, lda, bp, bo, kb, tmp, 0, NR, load, bz, col0);
                        } else {
                            for (int r = 0; r < rows; r++) {
                                micro1(a, aOff + (i + r) * lda + k0, bp, bo, kb, tmp, r * NR, load, bz, col0);
                            }
                        }
                        for (int r = 0; r < rows; r++) {
                            System.arraycopy(tmp, r * NR, c, cOff + (i + r) * ldc + col0, width);
                        }
                    }
                }
            }
        }
    }

    // The kernels take no vector or mask parameters: C2 keeps vectors in registers only when they
    // are created inside the compiled method (vector arguments were boxed: 20x slower, measured).

    private static void micro6(
            float[] a,
            int a0,
            int lda,
            float[] b,
            int bo,
            int kb,
            float[] c,
            int c0,
            int ldc,
            boolean load,
            float[] bias,
            int biasOff) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (load) {
            c00 = FloatVector.fromArray(S, c, c0);
            c01 = FloatVector.fromArray(S, c, c0 + L);
            c10 = FloatVector.fromArray(S, c, c0 + ldc);
            c11 = FloatVector.fromArray(S, c, c0 + ldc + L);
            c20 = FloatVector.fromArray(S, c, c0 + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, c0 + 2 * ldc + L);
            c30 = FloatVector.fromArray(S, c, c0 + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, c0 + 3 * ldc + L);
            c40 = FloatVector.fromArray(S, c, c0 + 4 * ldc);
            c41 = FloatVector.fromArray(S, c, c0 + 4 * ldc + L);
            c50 = FloatVector.fromArray(S, c, c0 + 5 * ldc);
            c51 = FloatVector.fromArray(S, c, c0 + 5 * ldc + L);
        } else {
            c00 = FloatVector.zero(S);
            c01 = c00;
            c10 = c00;
            c11 = c00;
            c20 = c00;
            c21 = c00;
            c30 = c00;
            c31 = c00;
            c40 = c00;
            c41 = c00;
            c50 = c00;
            c51 = c00;
        }
        if (bias != null) {
            FloatVector v0 = FloatVector.fromArray(S, bias, biasOff);
            FloatVector v1 = FloatVector.fromArray(S, bias, biasOff + L);
            c00 = c00.add(v0);
            c01 = c01.add(v1);
            c10 = c10.add(v0);
            c11 = c11.add(v1);
            c20 = c20.add(v0);
            c21 = c21.add(v1);
            c30 = c30.add(v0);
            c31 = c31.add(v1);
            c40 = c40.add(v0);
            c41 = c41.add(v1);
            c50 = c50.add(v0);
            c51 = c51.add(v1);
        }
        int r0 = a0, r1 = a0 + lda, r2 = a0 + 2 * lda, r3 = a0 + 3 * lda, r4 = a0 + 4 * lda, r5 = a0 + 5 * lda;
        for (int kk = 0; kk < kb; kk++) {
            int bi = bo + kk * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector av = FloatVector.broadcast(S, a[r0 + kk]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[r1 + kk]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[r2 + kk]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[r3 + kk]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, a[r4 + kk]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, a[r5 + kk]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + L);
        c10.intoArray(c, c0 + ldc);
        c11.intoArray(c, c0 + ldc + L);
        c20.intoArray(c, c0 + 2 * ldc);
        c21.intoArray(c, c0 + 2 * ldc + L);
        c30.intoArray(c, c0 + 3 * ldc);
        c31.intoArray(c, c0 + 3 * ldc + L);
        c40.intoArray(c, c0 + 4 * ldc);
        c41.intoArray(c, c0 + 4 * ldc + L);
        c50.intoArray(c, c0 + 5 * ldc);
        c51.intoArray(c, c0 + 5 * ldc + L);
    }

    private static void micro1(
            float[] a, int a0, float[] b, int bo, int kb, float[] c, int c0, boolean load, float[] bias, int biasOff) {
        FloatVector c00;
        FloatVector c01;
        if (load) {
            c00 = FloatVector.fromArray(S, c, c0);
            c01 = FloatVector.fromArray(S, c, c0 + L);
        } else {
            c00 = FloatVector.zero(S);
            c01 = c00;
        }
        if (bias != null) {
            c00 = c00.add(FloatVector.fromArray(S, bias, biasOff));
            c01 = c01.add(FloatVector.fromArray(S, bias, biasOff + L));
        }
        for (int kk = 0; kk < kb; kk++) {
            int bi = bo + kk * NR;
            FloatVector av = FloatVector.broadcast(S, a[a0 + kk]);
            c00 = av.fma(FloatVector.fromArray(S, b, bi), c00);
            c01 = av.fma(FloatVector.fromArray(S, b, bi + L), c01);
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + L);
    }
}
