package dev.hcxmesh.decoder.engine.cpu;

import dev.hcxmesh.model.tensor.DType;
import dev.hcxmesh.model.tensor.Tensor;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** A bfloat16 matrix {@code [rows, cols]}, row-major; the kernel widens to f32 (bits << 16). */
public final class Bf16Matrix implements Matrix {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    private static final VectorSpecies<Short> S16 = ShortVector.SPECIES_256;

    private final int rows;
    private final int cols;
    private final short[] data; // [rows, cols] bf16 bits

    public Bf16Matrix(int rows, int cols, short[] data) {
        Matrix.checkShape("bf16", rows, cols);
        if (data.length != rows * cols) {
            throw new IllegalArgumentException(
                    "bf16 matrix [" + rows + ", " + cols + "] needs " + rows * cols + " values, found " + data.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
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

    private static FloatVector widen(ShortVector s) {
        return ((IntVector) s.convertShape(VectorOperators.S2I, IntVector.SPECIES_512, 0))
                .lanewise(VectorOperators.LSHL, 16)
                .reinterpretAsFloats();
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
        return 2L * rows * cols;
    }

    @Override
    public void row(int r, float[] dst, int off) {
        int base = r * cols;
        for (int c = 0; c < cols; c++) {
            dst[off + c] = Float.intBitsToFloat(data[base + c] << 16);
        }
    }

    @Override
    public void matmul(float[] x, int n, float[] out, int outStride, int r0, int r1) {
        for (int r = r0; r < r1; r++) {
            int b = 0;
            for (; b + 4 <= n; b += 4) {
                dot4(r, x, b, out, outStride);
            }
            for (; b < n; b++) {
                out[b * outStride + r] = dot1(r, x, b * cols);
            }
        }
    }

    /** Four inputs against one row: the row is decoded once per 32 columns. */
    private void dot4(int r, float[] x, int b, float[] out, int os) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0;
        int x0 = b * cols, x1 = x0 + cols, x2 = x1 + cols, x3 = x2 + cols;
        int base = r * cols;
        for (int c = 0; c < cols; c += 32) {
            FloatVector w0 = widen(ShortVector.fromArray(S16, data, base + c));
            FloatVector w1 = widen(ShortVector.fromArray(S16, data, base + c + 16));
            a0 = w0.fma(FloatVector.fromArray(F, x, x0 + c), a0);
            a1 = w1.fma(FloatVector.fromArray(F, x, x0 + c + 16), a1);
            b0 = w0.fma(FloatVector.fromArray(F, x, x1 + c), b0);
            b1 = w1.fma(FloatVector.fromArray(F, x, x1 + c + 16), b1);
            c0 = w0.fma(FloatVector.fromArray(F, x, x2 + c), c0);
            c1 = w1.fma(FloatVector.fromArray(F, x, x2 + c + 16), c1);
            d0 = w0.fma(FloatVector.fromArray(F, x, x3 + c), d0);
            d1 = w1.fma(FloatVector.fromArray(F, x, x3 + c + 16), d1);
        }
        out[b * os + r] = a0.add(a1).reduceLanes(VectorOperators.ADD);
        out[(b + 1) * os + r] = b0.add(b1).reduceLanes(VectorOperators.ADD);
        out[(b + 2) * os + r] = c0.add(c1).reduceLanes(VectorOperators.ADD);
        out[(b + 3) * os + r] = d0.add(d1).reduceLanes(VectorOperators.ADD);
    }

    /** One input against one row, in the same accumulation order as {@link #dot4}. */
    private float dot1(int r, float[] x, int x0) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0;
        int base = r * cols;
        for (int c = 0; c < cols; c += 32) {
            FloatVector w0 = widen(ShortVector.fromArray(S16, data, base + c));
            FloatVector w1 = widen(ShortVector.fromArray(S16, data, base + c + 16));
            a0 = w0.fma(FloatVector.fromArray(F, x, x0 + c), a0);
            a1 = w1.fma(FloatVector.fromArray(F, x, x0 + c + 16), a1);
        }
        return a0.add(a1).reduceLanes(VectorOperators.ADD);
    }
}
