package dev.hcxmesh.encoder.engine.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
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
        for (int k0 = 0; k0 < k; k0 += KC) {
            int kb = Math.min(KC, k - k0);
            boolean load = accumulate || k0 > 0;
            boolean addBias = k0 == 0 && bias != null;
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
                VectorMask<Float> m0 = S.indexInRange(0, width);
                VectorMask<Float> m1 = S.indexInRange(L, width);
                FloatVector bias0 = FloatVector.zero(S);
                FloatVector bias1 = FloatVector.zero(S);
                if (addBias) {
                    bias0 = FloatVector.fromArray(S, bias, col0, m0);
                    bias1 = FloatVector.fromArray(S, bias, col0 + L, m1);
                }
                int i = 0;
                for (; i + MR <= m; i += MR) {
                    micro6(
                            a,
                            aOff + i * lda + k0,
                            lda,
                            bp,
                            bo,
                            kb,
                            c,
                            cOff + i * ldc + col0,
                            ldc,
                            load,
                            bias0,
                            bias1,
                            m0,
                            m1);
                }
                for (; i < m; i++) {
                    micro1(a, aOff + i * lda + k0, bp, bo, kb, c, cOff + i * ldc + col0, load, bias0, bias1, m0, m1);
                }
            }
        }
    }

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
            FloatVector bias0,
            FloatVector bias1,
            VectorMask<Float> m0,
            VectorMask<Float> m1) {
        FloatVector c00 = bias0, c01 = bias1, c10 = bias0, c11 = bias1, c20 = bias0, c21 = bias1;
        FloatVector c30 = bias0, c31 = bias1, c40 = bias0, c41 = bias1, c50 = bias0, c51 = bias1;
        if (load) {
            c00 = c00.add(FloatVector.fromArray(S, c, c0, m0));
            c01 = c01.add(FloatVector.fromArray(S, c, c0 + L, m1));
            c10 = c10.add(FloatVector.fromArray(S, c, c0 + ldc, m0));
            c11 = c11.add(FloatVector.fromArray(S, c, c0 + ldc + L, m1));
            c20 = c20.add(FloatVector.fromArray(S, c, c0 + 2 * ldc, m0));
            c21 = c21.add(FloatVector.fromArray(S, c, c0 + 2 * ldc + L, m1));
            c30 = c30.add(FloatVector.fromArray(S, c, c0 + 3 * ldc, m0));
            c31 = c31.add(FloatVector.fromArray(S, c, c0 + 3 * ldc + L, m1));
            c40 = c40.add(FloatVector.fromArray(S, c, c0 + 4 * ldc, m0));
            c41 = c41.add(FloatVector.fromArray(S, c, c0 + 4 * ldc + L, m1));
            c50 = c50.add(FloatVector.fromArray(S, c, c0 + 5 * ldc, m0));
            c51 = c51.add(FloatVector.fromArray(S, c, c0 + 5 * ldc + L, m1));
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
        c00.intoArray(c, c0, m0);
        c01.intoArray(c, c0 + L, m1);
        c10.intoArray(c, c0 + ldc, m0);
        c11.intoArray(c, c0 + ldc + L, m1);
        c20.intoArray(c, c0 + 2 * ldc, m0);
        c21.intoArray(c, c0 + 2 * ldc + L, m1);
        c30.intoArray(c, c0 + 3 * ldc, m0);
        c31.intoArray(c, c0 + 3 * ldc + L, m1);
        c40.intoArray(c, c0 + 4 * ldc, m0);
        c41.intoArray(c, c0 + 4 * ldc + L, m1);
        c50.intoArray(c, c0 + 5 * ldc, m0);
        c51.intoArray(c, c0 + 5 * ldc + L, m1);
    }

    private static void micro1(
            float[] a,
            int a0,
            float[] b,
            int bo,
            int kb,
            float[] c,
            int c0,
            boolean load,
            FloatVector bias0,
            FloatVector bias1,
            VectorMask<Float> m0,
            VectorMask<Float> m1) {
        FloatVector c00 = bias0, c01 = bias1;
        if (load) {
            c00 = c00.add(FloatVector.fromArray(S, c, c0, m0));
            c01 = c01.add(FloatVector.fromArray(S, c, c0 + L, m1));
        }
        for (int kk = 0; kk < kb; kk++) {
            int bi = bo + kk * NR;
            FloatVector av = FloatVector.broadcast(S, a[a0 + kk]);
            c00 = av.fma(FloatVector.fromArray(S, b, bi), c00);
            c01 = av.fma(FloatVector.fromArray(S, b, bi + L), c01);
        }
        c00.intoArray(c, c0, m0);
        c01.intoArray(c, c0 + L, m1);
    }
}
