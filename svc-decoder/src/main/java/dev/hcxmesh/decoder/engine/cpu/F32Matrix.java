package dev.hcxmesh.decoder.engine.cpu;

import dev.hcxmesh.model.tensor.DType;
import dev.hcxmesh.model.tensor.Tensor;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** A float32 matrix {@code [rows, cols]}, row-major. */
public final class F32Matrix implements Matrix, RowKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;

    private final int rows;
    private final int cols;
    private final float[] data; // [rows, cols]

    public F32Matrix(int rows, int cols, float[] data) {
        Matrix.checkShape("f32", rows, cols);
        if (data.length != rows * cols) {
            throw new IllegalArgumentException(
                    "f32 matrix [" + rows + ", " + cols + "] needs " + rows * cols + " floats, found " + data.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    static F32Matrix from(Tensor t, int rows, int cols) {
        if (t.dtype() == DType.F32) {
            float[] d = new float[rows * cols];
            java.lang.foreign.MemorySegment.copy(
                    t.data(), ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, d, 0, d.length);
            return new F32Matrix(rows, cols, d);
        }
        return new F32Matrix(rows, cols, t.toFloatArray());
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
        return WeightFormat.F32;
    }

    @Override
    public long bytes() {
        return 4L * rows * cols;
    }

    @Override
    public void row(int r, float[] dst, int off) {
        System.arraycopy(data, r * cols, dst, off, cols);
    }

    @Override
    public void matmul(Activations in, float[] out, int outStride, int r0, int r1) {
        rowsTimesInputs(in.x, in.n, out, outStride, r0, r1);
    }

    @Override
    public void dot2x4(int r, float[] x, int b, float[] out, int os) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0;
        FloatVector e0 = a0, e1 = a0, f0 = a0, f1 = a0, g0 = a0, g1 = a0, h0 = a0, h1 = a0;
        int x0 = b * cols, x1 = x0 + cols, x2 = x1 + cols, x3 = x2 + cols;
        int base = r * cols, base2 = base + cols;
        for (int c = 0; c < cols; c += 32) {
            FloatVector u0 = FloatVector.fromArray(F, data, base + c);
            FloatVector u1 = FloatVector.fromArray(F, data, base + c + 16);
            FloatVector v0 = FloatVector.fromArray(F, data, base2 + c);
            FloatVector v1 = FloatVector.fromArray(F, data, base2 + c + 16);
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
            FloatVector w0 = FloatVector.fromArray(F, data, base + c);
            FloatVector w1 = FloatVector.fromArray(F, data, base + c + 16);
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
            FloatVector w0 = FloatVector.fromArray(F, data, base + c);
            FloatVector w1 = FloatVector.fromArray(F, data, base + c + 16);
            a0 = w0.fma(FloatVector.fromArray(F, x, x0 + c), a0);
            a1 = w1.fma(FloatVector.fromArray(F, x, x0 + c + 16), a1);
        }
        return Lanes.sum(a0.add(a1));
    }
}
