package dev.hcxmesh.encoder.engine.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vectorised row operations: LayerNorm, activations, softmax. Rows are {@code [n]} floats at an offset. */
final class VecOps {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float GELU_C = (float) Math.sqrt(2 / Math.PI);

    private VecOps() {}

    /** {@code dst[row] = LN(src[row])·g + b} over {@code n} columns; src and dst may alias. */
    static void layerNorm(float[] src, int so, float[] dst, int dOff, int n, float[] g, float[] b, double eps) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            acc = acc.add(FloatVector.fromArray(S, src, so + i));
        }
        double sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += src[so + i];
        }
        float mean = (float) (sum / n);
        FloatVector mv = FloatVector.broadcast(S, mean);
        acc = FloatVector.zero(S);
        for (i = 0; i < bound; i += S.length()) {
            FloatVector d = FloatVector.fromArray(S, src, so + i).sub(mv);
            acc = d.fma(d, acc);
        }
        double var = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            double d = src[so + i] - mean;
            var += d * d;
        }
        float inv = (float) (1.0 / Math.sqrt(var / n + eps));
        FloatVector iv = FloatVector.broadcast(S, inv);
        for (i = 0; i < bound; i += S.length()) {
            FloatVector x = FloatVector.fromArray(S, src, so + i).sub(mv).mul(iv);
            x.fma(FloatVector.fromArray(S, g, i), FloatVector.fromArray(S, b, i))
                    .intoArray(dst, dOff + i);
        }
        for (; i < n; i++) {
            dst[dOff + i] = (src[so + i] - mean) * inv * g[i] + b[i];
        }
    }

    /** In-place {@code gelu_pytorch_tanh} on {@code [off, off+n)}. */
    static void geluTanh(float[] x, int off, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector half = FloatVector.broadcast(S, 0.5f);
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector k = FloatVector.broadcast(S, 0.044715f);
        FloatVector c = FloatVector.broadcast(S, GELU_C);
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, off + i);
            FloatVector inner = v.mul(v).mul(v).fma(k, v).mul(c);
            v.mul(half).mul(inner.lanewise(VectorOperators.TANH).add(one)).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            float v = x[off + i];
            x[off + i] = 0.5f * v * (1f + (float) Math.tanh(GELU_C * (v + 0.044715f * v * v * v)));
        }
    }

    /** In-place SiLU {@code x·σ(x)} on {@code [off, off+n)}. */
    static void silu(float[] x, int off, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, off + i);
            v.div(v.neg().lanewise(VectorOperators.EXP).add(one)).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            float v = x[off + i];
            x[off + i] = v / (1f + (float) Math.exp(-v));
        }
    }

    /** {@code x = SiLU(x + y)} elementwise over {@code [0, n)}. */
    static void addSilu(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i).add(FloatVector.fromArray(S, y, yo + i));
            v.div(v.neg().lanewise(VectorOperators.EXP).add(one)).intoArray(x, xo + i);
        }
        for (; i < n; i++) {
            float v = x[xo + i] + y[yo + i];
            x[xo + i] = v / (1f + (float) Math.exp(-v));
        }
    }

    /** In-place softmax of {@code scale·x} over {@code [off, off+n)}. */
    static void softmax(float[] x, int off, int n, float scale) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector mx = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (; i < bound; i += S.length()) {
            mx = mx.max(FloatVector.fromArray(S, x, off + i));
        }
        float max = mx.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        FloatVector sv = FloatVector.broadcast(S, scale);
        FloatVector shift = FloatVector.broadcast(S, -max * scale);
        FloatVector sum = FloatVector.zero(S);
        for (i = 0; i < bound; i += S.length()) {
            FloatVector e = FloatVector.fromArray(S, x, off + i).fma(sv, shift).lanewise(VectorOperators.EXP);
            sum = sum.add(e);
            e.intoArray(x, off + i);
        }
        double total = sum.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float e = (float) Math.exp(x[off + i] * scale - max * scale);
            x[off + i] = e;
            total += e;
        }
        float inv = (float) (1.0 / total);
        FloatVector iv = FloatVector.broadcast(S, inv);
        for (i = 0; i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, off + i).mul(iv).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            x[off + i] *= inv;
        }
    }

    /** {@code dst[0..n) += w · src[0..n)}. */
    static void axpy(float w, float[] src, int so, float[] dst, int dOff, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector wv = FloatVector.broadcast(S, w);
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, src, so + i)
                    .fma(wv, FloatVector.fromArray(S, dst, dOff + i))
                    .intoArray(dst, dOff + i);
        }
        for (; i < n; i++) {
            dst[dOff + i] += w * src[so + i];
        }
    }

    /** {@code dst[0..n) += a[0..n) ⊙ b[0..n)}. */
    static void mulAdd(float[] a, int ao, float[] b, int bo, float[] dst, int dOff, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, a, ao + i)
                    .fma(FloatVector.fromArray(S, b, bo + i), FloatVector.fromArray(S, dst, dOff + i))
                    .intoArray(dst, dOff + i);
        }
        for (; i < n; i++) {
            dst[dOff + i] += a[ao + i] * b[bo + i];
        }
    }
}
