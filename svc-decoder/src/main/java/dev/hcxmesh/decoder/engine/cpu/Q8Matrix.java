package dev.hcxmesh.decoder.engine.cpu;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A Q8_0-style matrix {@code [rows, cols]}: per 32 consecutive weights of a row one f16 scale {@code
 * d = max|w| / 127} and 32 int8 {@code round(w / d)}; w ≈ d·q.
 */
public final class Q8Matrix implements Matrix, RowKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    private static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;

    private final int rows;
    private final int cols;
    private final byte[] quants; // [rows, cols] int8
    private final short[] scales; // [rows * cols / 32] f16 bits

    public Q8Matrix(int rows, int cols, byte[] quants, short[] scales) {
        Matrix.checkShape("q8_0", rows, cols);
        if (quants.length != rows * cols || scales.length != rows * cols / BLOCK) {
            throw new IllegalArgumentException("q8_0 matrix [" + rows + ", " + cols + "] needs " + rows * cols
                    + " quants and " + rows * cols / BLOCK + " scales, found " + quants.length + " and "
                    + scales.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.quants = quants;
        this.scales = scales;
    }

    /** Quantises row by row from a float source. */
    public static Q8Matrix quantize(int rows, int cols, RowSource src) {
        Matrix.checkShape("q8_0", rows, cols);
        byte[] q = new byte[rows * cols];
        short[] s = new short[rows * cols / BLOCK];
        float[] buf = new float[cols];
        for (int r = 0; r < rows; r++) {
            src.read(r, buf);
            for (int c = 0; c < cols; c += BLOCK) {
                float amax = 0;
                for (int i = 0; i < BLOCK; i++) {
                    amax = Math.max(amax, Math.abs(buf[c + i]));
                }
                short d16 = Float.floatToFloat16(amax / 127f);
                float d = Float.float16ToFloat(d16);
                float id = d == 0 ? 0 : 1f / d;
                int base = r * cols + c;
                for (int i = 0; i < BLOCK; i++) {
                    q[base + i] = (byte) Math.max(-127, Math.min(127, Math.round(buf[c + i] * id)));
                }
                s[base / BLOCK] = d16;
            }
        }
        return new Q8Matrix(rows, cols, q, s);
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public WeightFormat format() {
        return WeightFormat.Q8_0;
    }

    @Override
    public long bytes() {
        return (long) rows * cols + 2L * scales.length;
    }

    @Override
    public void row(int r, float[] dst, int off) {
        int base = r * cols;
        for (int c = 0; c < cols; c++) {
            dst[off + c] = Float.float16ToFloat(scales[(base + c) >> 5]) * quants[base + c];
        }
    }

    @Override
    public void matmul(float[] x, int n, float[] out, int outStride, int r0, int r1) {
        rowsTimesInputs(x, n, out, outStride, r0, r1);
    }

    @Override
    public void dot2x4(int r, float[] x, int b, float[] out, int os) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0;
        FloatVector e0 = a0, e1 = a0, f0 = a0, f1 = a0, g0 = a0, g1 = a0, h0 = a0, h1 = a0;
        int x0 = b * cols, x1 = x0 + cols, x2 = x1 + cols, x3 = x2 + cols;
        int base = r * cols, base2 = base + cols;
        for (int c = 0; c < cols; c += 32) {
            FloatVector su = FloatVector.broadcast(F, Float.float16ToFloat(scales[(base + c) >> 5]));
            FloatVector u0 = ((FloatVector)
                            ByteVector.fromArray(B16, quants, base + c).convertShape(VectorOperators.B2F, F, 0))
                    .mul(su);
            FloatVector u1 = ((FloatVector)
                            ByteVector.fromArray(B16, quants, base + c + 16).convertShape(VectorOperators.B2F, F, 0))
                    .mul(su);
            FloatVector sv = FloatVector.broadcast(F, Float.float16ToFloat(scales[(base2 + c) >> 5]));
            FloatVector v0 = ((FloatVector)
                            ByteVector.fromArray(B16, quants, base2 + c).convertShape(VectorOperators.B2F, F, 0))
                    .mul(sv);
            FloatVector v1 = ((FloatVector)
                            ByteVector.fromArray(B16, quants, base2 + c + 16).convertShape(VectorOperators.B2F, F, 0))
                    .mul(sv);
            FloatVector lo = FloatVector.fromArray(F, x, x0 + c), hi = FloatVector.fromArray(F, x, x0 + c + 16);
            a0 = u0.fma(lo, a0);
            a1 = u1.fma(hi, a1);
            e0 = v0.fma(lo, e0);
            e1 = v1.fma(hi, e1);
            lo = FloatVector.fromArray(F, x, x1 + c);
            hi = FloatVector.fromArray(F, x, x1 + c + 16);
            b0 = u0.fma(lo, b0);
            b1 = u1.fma(hi, b1);
            f0 = v0.fma(lo, f0);
            f1 = v1.fma(hi, f1);
            lo = FloatVector.fromArray(F, x, x2 + c);
            hi = FloatVector.fromArray(F, x, x2 + c + 16);
            c0 = u0.fma(lo, c0);
            c1 = u1.fma(hi, c1);
            g0 = v0.fma(lo, g0);
            g1 = v1.fma(hi, g1);
            lo = FloatVector.fromArray(F, x, x3 + c);
            hi = FloatVector.fromArray(F, x, x3 + c + 16);
            d0 = u0.fma(lo, d0);
            d1 = u1.fma(hi, d1);
            h0 = v0.fma(lo, h0);
            h1 = v1.fma(hi, h1);
        }
        out[b * os + r] = Lanes.sum(a0.add(a1));
        out[(b + 1) * os + r] = Lanes.sum(b0.add(b1));
        out[(b + 2) * os + r] = Lanes.sum(c0.add(c1));
        out[(b + 3) * os + r] = Lanes.sum(d0.add(d1));
        out[b * os + r + 1] = Lanes.sum(e0.add(e1));
        out[(b + 1) * os + r + 1] = Lanes.sum(f0.add(f1));
        out[(b + 2) * os + r + 1] = Lanes.sum(g0.add(g1));
        out[(b + 3) * os + r + 1] = Lanes.sum(h0.add(h1));
    }

    /** Four inputs against one row: the row is decoded once per 32 columns. */
    @Override
    public void dot4(int r, float[] x, int b, float[] out, int os) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0;
        int x0 = b * cols, x1 = x0 + cols, x2 = x1 + cols, x3 = x2 + cols;
        int base = r * cols;
        for (int c = 0; c < cols; c += 32) {
            int blk = (base + c) >> 5;
            FloatVector sc = FloatVector.broadcast(F, Float.float16ToFloat(scales[blk]));
            FloatVector w0 = ((FloatVector)
                            ByteVector.fromArray(B16, quants, base + c).convertShape(VectorOperators.B2F, F, 0))
                    .mul(sc);
            FloatVector w1 = ((FloatVector)
                            ByteVector.fromArray(B16, quants, base + c + 16).convertShape(VectorOperators.B2F, F, 0))
                    .mul(sc);
            a0 = w0.fma(FloatVector.fromArray(F, x, x0 + c), a0);
            a1 = w1.fma(FloatVector.fromArray(F, x, x0 + c + 16), a1);
            b0 = w0.fma(FloatVector.fromArray(F, x, x1 + c), b0);
            b1 = w1.fma(FloatVector.fromArray(F, x, x1 + c + 16), b1);
            c0 = w0.fma(FloatVector.fromArray(F, x, x2 + c), c0);
            c1 = w1.fma(FloatVector.fromArray(F, x, x2 + c + 16), c1);
            d0 = w0.fma(FloatVector.fromArray(F, x, x3 + c), d0);
            d1 = w1.fma(FloatVector.fromArray(F, x, x3 + c + 16), d1);
        }
        out[b * os + r] = Lanes.sum(a0.add(a1));
        out[(b + 1) * os + r] = Lanes.sum(b0.add(b1));
        out[(b + 2) * os + r] = Lanes.sum(c0.add(c1));
        out[(b + 3) * os + r] = Lanes.sum(d0.add(d1));
    }

    /** One input against one row, in the same accumulation order as {@link #dot4}. */
    @Override
    public float dot1(int r, float[] x, int x0) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0;
        int base = r * cols;
        for (int c = 0; c < cols; c += 32) {
            int blk = (base + c) >> 5;
            FloatVector sc = FloatVector.broadcast(F, Float.float16ToFloat(scales[blk]));
            FloatVector w0 = ((FloatVector)
                            ByteVector.fromArray(B16, quants, base + c).convertShape(VectorOperators.B2F, F, 0))
                    .mul(sc);
            FloatVector w1 = ((FloatVector)
                            ByteVector.fromArray(B16, quants, base + c + 16).convertShape(VectorOperators.B2F, F, 0))
                    .mul(sc);
            a0 = w0.fma(FloatVector.fromArray(F, x, x0 + c), a0);
            a1 = w1.fma(FloatVector.fromArray(F, x, x0 + c + 16), a1);
        }
        return Lanes.sum(a0.add(a1));
    }
}
