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
 * A bfloat16 matrix {@code [rows, cols]}, row-major by 32-column blocks. Each block is stored as 16
 * ints; int {@code j} holds column {@code j} in its low half and column {@code j+16} in its high half,
 * so the kernel widens a whole block with one shift and one mask (no cross-lane conversion).
 */
public final class Bf16Matrix implements Matrix, RowKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;

    private final int rows;
    private final int cols;
    private final int[] data; // [rows * cols / 2] packed bf16 pairs, see the class comment

    public Bf16Matrix(int rows, int cols, short[] data) {
        Matrix.checkShape("bf16", rows, cols);
        if (data.length != rows * cols) {
            throw new IllegalArgumentException(
                    "bf16 matrix [" + rows + ", " + cols + "] needs " + rows * cols + " values, found " + data.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = pack(data);
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

    private static int[] pack(short[] bf16) {
        int[] p = new int[bf16.length / 2];
        for (int c = 0; c < bf16.length; c += BLOCK) {
            int o = c / 2;
            for (int j = 0; j < 16; j++) {
                p[o + j] = (bf16[c + j] & 0xFFFF) | (bf16[c + 16 + j] << 16);
            }
        }
        return p;
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
        int base = r * cols;
        for (int c = 0; c < cols; c++) {
            int packed = data[(base + (c & ~31)) / 2 + (c & 15)];
            dst[off + c] = Float.intBitsToFloat((c & 16) == 0 ? packed << 16 : packed & 0xFFFF0000);
        }
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
            IntVector iu = IntVector.fromArray(I, data, (base + c) >> 1);
            FloatVector u0 = iu.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector u1 = iu.and(0xFFFF0000).reinterpretAsFloats();
            IntVector jv = IntVector.fromArray(I, data, (base2 + c) >> 1);
            FloatVector v0 = jv.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector v1 = jv.and(0xFFFF0000).reinterpretAsFloats();
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
            IntVector iv = IntVector.fromArray(I, data, (base + c) >> 1);
            FloatVector w0 = iv.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector w1 = iv.and(0xFFFF0000).reinterpretAsFloats();
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
            IntVector iv = IntVector.fromArray(I, data, (base + c) >> 1);
            FloatVector w0 = iv.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector w1 = iv.and(0xFFFF0000).reinterpretAsFloats();
            a0 = w0.fma(FloatVector.fromArray(F, x, x0 + c), a0);
            a1 = w1.fma(FloatVector.fromArray(F, x, x0 + c + 16), a1);
        }
        return Lanes.sum(a0.add(a1));
    }
}
