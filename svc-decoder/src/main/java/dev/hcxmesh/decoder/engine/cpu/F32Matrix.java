package dev.hcxmesh.decoder.engine.cpu;

import dev.hcxmesh.model.tensor.DType;
import dev.hcxmesh.model.tensor.Tensor;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A float32 matrix {@code [rows, cols]} in {@link Panels} of R rows: {@code data [panel, cols, R]},
 * so one vector load is column k of a panel. An output element sums its even and its odd columns in two
 * chains, added at the end, in every kernel (as {@link Bf16Matrix}).
 */
public final class F32Matrix implements Matrix, Panels {
    private static final VectorSpecies<Float> F = Simd.F;

    private final int rows;
    private final int cols;
    private final float[] data; // [panels, cols, R]

    /** From row-major {@code [rows, cols]}; repacked into panels. */
    public F32Matrix(int rows, int cols, float[] data) {
        Matrix.checkShape("f32", rows, cols);
        if (data.length != rows * cols) {
            throw new IllegalArgumentException(
                    "f32 matrix [" + rows + ", " + cols + "] needs " + rows * cols + " floats, found " + data.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = new float[Panels.panels(rows) * ROWS * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                this.data[index(r, c)] = data[r * cols + c];
            }
        }
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

    private int index(int r, int c) {
        return ((r / ROWS) * cols + c) * ROWS + r % ROWS;
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
        for (int c = 0; c < cols; c++) {
            dst[off + c] = data[index(r, c)];
        }
    }

    @Override
    public void matmul(Activations in, float[] out, int outStride, int r0, int r1) {
        panelsTimesInputs(in, out, outStride, r0, r1);
    }

    // Kernels, written out in full (see Panels).

    @Override
    public void dot1x1(int p, Activations in, int b, float[] out, int os, int r0, int r1) {
        float[] x = in.x;
        FloatVector e = FloatVector.zero(F), o = e;
        int d = p * cols * ROWS, x0 = b * cols;
        for (int c = 0; c < cols; c += 2, d += 2 * ROWS) {
            e = FloatVector.fromArray(F, data, d).fma(FloatVector.broadcast(F, x[x0 + c]), e);
            o = FloatVector.fromArray(F, data, d + ROWS).fma(FloatVector.broadcast(F, x[x0 + c + 1]), o);
        }
        Panels.store(e.add(o), out, b * os, p, r0, r1);
    }

    @Override
    public void dot1x4(int p, Activations in, int b, float[] out, int os, int r0, int r1) {
        float[] x = in.x;
        FloatVector e0 = FloatVector.zero(F), o0 = e0, e1 = e0, o1 = e0, e2 = e0, o2 = e0, e3 = e0, o3 = e0;
        int d = p * cols * ROWS, x0 = b * cols, x1 = x0 + cols, x2 = x1 + cols, x3 = x2 + cols;
        for (int c = 0; c < cols; c += 2, d += 2 * ROWS) {
            FloatVector we = FloatVector.fromArray(F, data, d), wo = FloatVector.fromArray(F, data, d + ROWS);
            e0 = we.fma(FloatVector.broadcast(F, x[x0 + c]), e0);
            o0 = wo.fma(FloatVector.broadcast(F, x[x0 + c + 1]), o0);
            e1 = we.fma(FloatVector.broadcast(F, x[x1 + c]), e1);
            o1 = wo.fma(FloatVector.broadcast(F, x[x1 + c + 1]), o1);
            e2 = we.fma(FloatVector.broadcast(F, x[x2 + c]), e2);
            o2 = wo.fma(FloatVector.broadcast(F, x[x2 + c + 1]), o2);
            e3 = we.fma(FloatVector.broadcast(F, x[x3 + c]), e3);
            o3 = wo.fma(FloatVector.broadcast(F, x[x3 + c + 1]), o3);
        }
        Panels.store(e0.add(o0), out, b * os, p, r0, r1);
        Panels.store(e1.add(o1), out, (b + 1) * os, p, r0, r1);
        Panels.store(e2.add(o2), out, (b + 2) * os, p, r0, r1);
        Panels.store(e3.add(o3), out, (b + 3) * os, p, r0, r1);
    }

    /** Panels {@code p, p+1} against input {@code b}, then {@code p+2, p+3}. */
    @Override
    public void dot4x1(int p, Activations in, int b, float[] out, int os, int r0, int r1) {
        dot2x1(p, in, b, out, os, r0, r1);
        dot2x1(p + 2, in, b, out, os, r0, r1);
    }

    private void dot2x1(int p, Activations in, int b, float[] out, int os, int r0, int r1) {
        float[] x = in.x;
        FloatVector e0 = FloatVector.zero(F), o0 = e0, e1 = e0, o1 = e0;
        int stride = cols * ROWS;
        int d = p * stride, x0 = b * cols;
        for (int c = 0; c < cols; c += 2, d += 2 * ROWS) {
            FloatVector xe = FloatVector.broadcast(F, x[x0 + c]), xo = FloatVector.broadcast(F, x[x0 + c + 1]);
            e0 = FloatVector.fromArray(F, data, d).fma(xe, e0);
            o0 = FloatVector.fromArray(F, data, d + ROWS).fma(xo, o0);
            e1 = FloatVector.fromArray(F, data, d + stride).fma(xe, e1);
            o1 = FloatVector.fromArray(F, data, d + stride + ROWS).fma(xo, o1);
        }
        Panels.store(e0.add(o0), out, b * os, p, r0, r1);
        Panels.store(e1.add(o1), out, b * os, p + 1, r0, r1);
    }
}
