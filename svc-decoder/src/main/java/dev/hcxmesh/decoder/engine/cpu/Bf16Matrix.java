package dev.hcxmesh.decoder.engine.cpu;

import dev.hcxmesh.model.tensor.DType;
import dev.hcxmesh.model.tensor.Tensor;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A bfloat16 matrix {@code [rows, cols]} in {@link Panels} of R rows: {@code data [panel, cols/2, R]}
 * ints, int r of pair j holding row r at column {@code 2j} in its low half and {@code 2j+1} in its
 * high half. One vector load, a shift and a mask give two columns of a panel as floats (no
 * cross-lane conversion), each multiplied by a broadcast input value. An output element sums its even
 * and its odd columns in two chains, added at the end, in every kernel.
 */
public final class Bf16Matrix implements Matrix, Panels {
    private static final VectorSpecies<Float> F = Simd.F;
    private static final VectorSpecies<Integer> I = Simd.I;

    private final int rows;
    private final int cols;
    private final int[] data; // [panels, cols/2, R] packed bf16 pairs, see the class comment

    /** From row-major bf16 bits {@code [rows, cols]}; repacked into panels. */
    public Bf16Matrix(int rows, int cols, short[] data) {
        Matrix.checkShape("bf16", rows, cols);
        if (data.length != rows * cols) {
            throw new IllegalArgumentException(
                    "bf16 matrix [" + rows + ", " + cols + "] needs " + rows * cols + " values, found " + data.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = new int[Panels.panels(rows) * ROWS * cols / 2];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c += 2) {
                this.data[index(r, c)] = (data[r * cols + c] & 0xFFFF) | (data[r * cols + c + 1] << 16);
            }
        }
    }

    static Bf16Matrix from(Tensor t, int rows, int cols) {
        short[] d = new short[rows * cols];
        if (t.dtype() == DType.BF16) {
            java.lang.foreign.MemorySegment.copy(
                    t.data(), ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, d, 0, d.length);
        } else {
            for (int i = 0; i < d.length; i++) {
                d[i] = toBf16(t.getFloat(i));
            }
        }
        return new Bf16Matrix(rows, cols, d);
    }

    /** Round-to-nearest-even float → bf16 bits (NaN kept quiet). */
    public static short toBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    /** The int holding columns {@code c & ~1} and {@code c | 1} of row r. */
    private int index(int r, int c) {
        return ((r / ROWS) * (cols / 2) + c / 2) * ROWS + r % ROWS;
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
        return WeightFormat.BF16;
    }

    @Override
    public long bytes() {
        return 4L * data.length;
    }

    @Override
    public void row(int r, float[] dst, int off) {
        for (int c = 0; c < cols; c++) {
            int packed = data[index(r, c)];
            dst[off + c] = Float.intBitsToFloat((c & 1) == 0 ? packed << 16 : packed & 0xFFFF0000);
        }
    }

    @Override
    public void matmul(Activations in, float[] out, int outStride, int r0, int r1) {
        panelsTimesInputs(in, out, outStride, r0, r1);
    }

    // Kernels, written out in full (see Panels): per column pair, even = bits << 16, odd = bits &
    // 0xFFFF0000, each fma'd with its broadcast input into the even or the odd chain.

    @Override
    public void dot1x1(int p, Activations in, int b, float[] out, int os, int r0, int r1) {
        float[] x = in.x;
        FloatVector e = FloatVector.zero(F), o = e;
        int d = p * (cols / 2) * ROWS, x0 = b * cols;
        for (int c = 0; c < cols; c += 2, d += ROWS) {
            IntVector w = IntVector.fromArray(I, data, d);
            e = w.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(FloatVector.broadcast(F, x[x0 + c]), e);
            o = w.and(0xFFFF0000).reinterpretAsFloats().fma(FloatVector.broadcast(F, x[x0 + c + 1]), o);
        }
        Panels.store(e.add(o), out, b * os, p, r0, r1);
    }

    @Override
    public void dot1x4(int p, Activations in, int b, float[] out, int os, int r0, int r1) {
        float[] x = in.x;
        FloatVector e0 = FloatVector.zero(F), o0 = e0, e1 = e0, o1 = e0, e2 = e0, o2 = e0, e3 = e0, o3 = e0;
        int d = p * (cols / 2) * ROWS, x0 = b * cols, x1 = x0 + cols, x2 = x1 + cols, x3 = x2 + cols;
        for (int c = 0; c < cols; c += 2, d += ROWS) {
            IntVector w = IntVector.fromArray(I, data, d);
            FloatVector we = w.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector wo = w.and(0xFFFF0000).reinterpretAsFloats();
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

    /**
     * Panels {@code p, p+1} against inputs {@code b .. b+3}: each broadcast serves both panels, so a
     * column pair costs 8 broadcasts for 16 fmas rather than for 8 (two {@link #dot1x4} calls).
     */
    @Override
    public void dot2x4(int p, Activations in, int b, float[] out, int os, int r0, int r1) {
        float[] x = in.x;
        FloatVector e00 = FloatVector.zero(F), o00 = e00, e01 = e00, o01 = e00, e02 = e00, o02 = e00, e03 = e00;
        FloatVector o03 = e00, e10 = e00, o10 = e00, e11 = e00, o11 = e00, e12 = e00, o12 = e00, e13 = e00;
        FloatVector o13 = e00;
        int stride = (cols / 2) * ROWS;
        int d = p * stride, x0 = b * cols, x1 = x0 + cols, x2 = x1 + cols, x3 = x2 + cols;
        for (int c = 0; c < cols; c += 2, d += ROWS) {
            IntVector w = IntVector.fromArray(I, data, d);
            FloatVector we0 = w.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector wo0 = w.and(0xFFFF0000).reinterpretAsFloats();
            w = IntVector.fromArray(I, data, d + stride);
            FloatVector we1 = w.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector wo1 = w.and(0xFFFF0000).reinterpretAsFloats();
            FloatVector v = FloatVector.broadcast(F, x[x0 + c]);
            e00 = we0.fma(v, e00);
            e10 = we1.fma(v, e10);
            v = FloatVector.broadcast(F, x[x0 + c + 1]);
            o00 = wo0.fma(v, o00);
            o10 = wo1.fma(v, o10);
            v = FloatVector.broadcast(F, x[x1 + c]);
            e01 = we0.fma(v, e01);
            e11 = we1.fma(v, e11);
            v = FloatVector.broadcast(F, x[x1 + c + 1]);
            o01 = wo0.fma(v, o01);
            o11 = wo1.fma(v, o11);
            v = FloatVector.broadcast(F, x[x2 + c]);
            e02 = we0.fma(v, e02);
            e12 = we1.fma(v, e12);
            v = FloatVector.broadcast(F, x[x2 + c + 1]);
            o02 = wo0.fma(v, o02);
            o12 = wo1.fma(v, o12);
            v = FloatVector.broadcast(F, x[x3 + c]);
            e03 = we0.fma(v, e03);
            e13 = we1.fma(v, e13);
            v = FloatVector.broadcast(F, x[x3 + c + 1]);
            o03 = wo0.fma(v, o03);
            o13 = wo1.fma(v, o13);
        }
        Panels.store(e00.add(o00), out, b * os, p, r0, r1);
        Panels.store(e01.add(o01), out, (b + 1) * os, p, r0, r1);
        Panels.store(e02.add(o02), out, (b + 2) * os, p, r0, r1);
        Panels.store(e03.add(o03), out, (b + 3) * os, p, r0, r1);
        Panels.store(e10.add(o10), out, b * os, p + 1, r0, r1);
        Panels.store(e11.add(o11), out, (b + 1) * os, p + 1, r0, r1);
        Panels.store(e12.add(o12), out, (b + 2) * os, p + 1, r0, r1);
        Panels.store(e13.add(o13), out, (b + 3) * os, p + 1, r0, r1);
    }

    /** Panels {@code p .. p+3} against input {@code b}: each broadcast serves four panels. */
    @Override
    public void dot4x1(int p, Activations in, int b, float[] out, int os, int r0, int r1) {
        float[] x = in.x;
        FloatVector e0 = FloatVector.zero(F), o0 = e0, e1 = e0, o1 = e0, e2 = e0, o2 = e0, e3 = e0, o3 = e0;
        int stride = (cols / 2) * ROWS;
        int d = p * stride, x0 = b * cols;
        for (int c = 0; c < cols; c += 2, d += ROWS) {
            FloatVector xe = FloatVector.broadcast(F, x[x0 + c]), xo = FloatVector.broadcast(F, x[x0 + c + 1]);
            IntVector w = IntVector.fromArray(I, data, d);
            e0 = w.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(xe, e0);
            o0 = w.and(0xFFFF0000).reinterpretAsFloats().fma(xo, o0);
            w = IntVector.fromArray(I, data, d + stride);
            e1 = w.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(xe, e1);
            o1 = w.and(0xFFFF0000).reinterpretAsFloats().fma(xo, o1);
            w = IntVector.fromArray(I, data, d + 2 * stride);
            e2 = w.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(xe, e2);
            o2 = w.and(0xFFFF0000).reinterpretAsFloats().fma(xo, o2);
            w = IntVector.fromArray(I, data, d + 3 * stride);
            e3 = w.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(xe, e3);
            o3 = w.and(0xFFFF0000).reinterpretAsFloats().fma(xo, o3);
        }
        Panels.store(e0.add(o0), out, b * os, p, r0, r1);
        Panels.store(e1.add(o1), out, b * os, p + 1, r0, r1);
        Panels.store(e2.add(o2), out, b * os, p + 2, r0, r1);
        Panels.store(e3.add(o3), out, b * os, p + 3, r0, r1);
    }
}
