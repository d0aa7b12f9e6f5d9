package dev.hcxmesh.decoder.engine.cpu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A Q8_0-style matrix {@code [rows, cols]}: per 32 consecutive weights of a row one scale {@code d =
 * max|w| / 127} (rounded to f16, GGML's rule) and 32 int8 {@code round(w / d)}; w ≈ d·q.
 *
 * <p>Stored in {@link Panels} of R rows (R = {@link Panels#ROWS}), one byte array {@code [panel,
 * block, (k 32 x row R int8, then row R float32 little-endian)]}: one R-byte load is column k of a
 * panel, and a block's R scales follow its quants, so a kernel reads one stream per panel. A kernel
 * widens the R bytes to floats, multiplies by the broadcast input value and sums the 32 columns of a
 * block per row, then adds {@code d·sum}: three vector operations per R weights. With the scales in a
 * separate array (two streams per panel) batch-1 decode was 3-4 % slower on a 2-core Zen 3, in runs
 * alternated with llama-bench. The scales are widened to floats at load. Keeping them f16 as {@link
 * Q4Matrix} does ({@link F16Scales}) saves 5 % of the bytes but was no faster at batch 1 and 12-18 %
 * slower at batch 8, which is bound by arithmetic, in alternated full-model runs on Zen 3.
 */
public final class Q8Matrix implements Matrix, Panels {
    private static final VectorSpecies<Float> F = Simd.F;
    private static final VectorSpecies<Byte> B = Simd.B;
    private static final VectorSpecies<Byte> FB = Simd.FB;
    private static final VarHandle SCALE = // a float scale inside the byte array, as the kernels read it
            MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int QUANTS = BLOCK * ROWS; // quant bytes of one block of one panel
    private static final int PANEL_BLOCK = QUANTS + 4 * ROWS; // then its R float scales

    private final int rows;
    private final int cols;
    private final int blocks;
    private final byte[] quants; // [panels, blocks, 32, R], then padding for a 64-bit load at the last column

    /**
     * From GGML's row-major layout: {@code rowMajor [rows, cols]} int8 and {@code f16Scales [rows,
     * cols/32]} f16 bits; repacked into panels.
     */
    public Q8Matrix(int rows, int cols, byte[] rowMajor, short[] f16Scales) {
        Matrix.checkShape("q8_0", rows, cols);
        if (rowMajor.length != rows * cols || f16Scales.length != rows * cols / BLOCK) {
            throw new IllegalArgumentException("q8_0 matrix [" + rows + ", " + cols + "] needs " + rows * cols
                    + " quants and " + rows * cols / BLOCK + " scales, found " + rowMajor.length + " and "
                    + f16Scales.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.blocks = cols / BLOCK;
        int padded = Panels.panels(rows) * ROWS;
        this.quants = new byte[padded / ROWS * blocks * PANEL_BLOCK + B.vectorByteSize() - ROWS];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                quants[quantIndex(r, c)] = rowMajor[r * cols + c];
            }
            for (int blk = 0; blk < blocks; blk++) {
                SCALE.set(quants, scaleIndex(r, blk), Float.float16ToFloat(f16Scales[r * blocks + blk]));
            }
        }
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

    private int quantIndex(int r, int c) {
        return (r / ROWS * blocks + c / BLOCK) * PANEL_BLOCK + (c % BLOCK) * ROWS + r % ROWS;
    }

    /** Byte offset of the scale of row r, block blk: after the block's quants, little-endian. */
    private int scaleIndex(int r, int blk) {
        return (r / ROWS * blocks + blk) * PANEL_BLOCK + QUANTS + 4 * (r % ROWS);
    }

    private float scale(int i) {
        return (float) SCALE.get(quants, i);
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
        return (long) Panels.panels(rows) * blocks * PANEL_BLOCK;
    }

    @Override
    public void row(int r, float[] dst, int off) {
        for (int c = 0; c < cols; c++) {
            dst[off + c] = scale(scaleIndex(r, c / BLOCK)) * quants[quantIndex(r, c)];
        }
    }

    @Override
    public void matmul(Activations in, float[] out, int outStride, int r0, int r1) {
        panelsTimesInputs(in, out, outStride, r0, r1);
    }

    // Kernels: per column k of a block, widen R bytes to floats and fma with the broadcast input;
    // per block, fma the block sums with the R row scales. See Panels on why each is written out.

    @Override
    public void dot1x1(int p, Activations in, int b, float[] out, int os, int r0, int r1) {
        float[] x = in.x;
        FloatVector acc = FloatVector.zero(F);
        int q = p * blocks * PANEL_BLOCK, x0 = b * cols;
        for (int blk = 0; blk < blocks; blk++, q += 4 * ROWS) {
            FloatVector sum = FloatVector.zero(F);
            for (int k = 0; k < BLOCK; k++, q += ROWS) {
                FloatVector w =
                        (FloatVector) ByteVector.fromArray(B, quants, q).convertShape(VectorOperators.B2F, F, 0);
                sum = w.fma(FloatVector.broadcast(F, x[x0++]), sum);
            }
            acc = sum.fma(ByteVector.fromArray(FB, quants, q).reinterpretAsFloats(), acc);
        }
        Panels.store(acc, out, b * os, p, r0, r1);
    }

    @Override
    public void dot1x4(int p, Activations in, int b, float[] out, int os, int r0, int r1) {
        float[] x = in.x;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        int q = p * blocks * PANEL_BLOCK;
        int x0 = b * cols, x1 = x0 + cols, x2 = x1 + cols, x3 = x2 + cols;
        for (int blk = 0; blk < blocks; blk++, q += 4 * ROWS) {
            FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
            for (int k = 0; k < BLOCK; k++, q += ROWS) {
                FloatVector w =
                        (FloatVector) ByteVector.fromArray(B, quants, q).convertShape(VectorOperators.B2F, F, 0);
                s0 = w.fma(FloatVector.broadcast(F, x[x0++]), s0);
                s1 = w.fma(FloatVector.broadcast(F, x[x1++]), s1);
                s2 = w.fma(FloatVector.broadcast(F, x[x2++]), s2);
                s3 = w.fma(FloatVector.broadcast(F, x[x3++]), s3);
            }
            FloatVector d = ByteVector.fromArray(FB, quants, q).reinterpretAsFloats();
            a0 = s0.fma(d, a0);
            a1 = s1.fma(d, a1);
            a2 = s2.fma(d, a2);
            a3 = s3.fma(d, a3);
        }
        Panels.store(a0, out, b * os, p, r0, r1);
        Panels.store(a1, out, (b + 1) * os, p, r0, r1);
        Panels.store(a2, out, (b + 2) * os, p, r0, r1);
        Panels.store(a3, out, (b + 3) * os, p, r0, r1);
    }

    @Override
    public void dot4x1(int p, Activations in, int b, float[] out, int os, int r0, int r1) {
        float[] x = in.x;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        int stride = blocks * PANEL_BLOCK;
        int q = p * stride, x0 = b * cols;
        for (int blk = 0; blk < blocks; blk++, q += 4 * ROWS) {
            FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
            for (int k = 0; k < BLOCK; k++, q += ROWS) {
                FloatVector xk = FloatVector.broadcast(F, x[x0++]);
                s0 = ((FloatVector) ByteVector.fromArray(B, quants, q).convertShape(VectorOperators.B2F, F, 0))
                        .fma(xk, s0);
                s1 = ((FloatVector) ByteVector.fromArray(B, quants, q + stride).convertShape(VectorOperators.B2F, F, 0))
                        .fma(xk, s1);
                s2 = ((FloatVector)
                                ByteVector.fromArray(B, quants, q + 2 * stride).convertShape(VectorOperators.B2F, F, 0))
                        .fma(xk, s2);
                s3 = ((FloatVector)
                                ByteVector.fromArray(B, quants, q + 3 * stride).convertShape(VectorOperators.B2F, F, 0))
                        .fma(xk, s3);
            }
            a0 = s0.fma(ByteVector.fromArray(FB, quants, q).reinterpretAsFloats(), a0);
            a1 = s1.fma(ByteVector.fromArray(FB, quants, q + stride).reinterpretAsFloats(), a1);
            a2 = s2.fma(ByteVector.fromArray(FB, quants, q + 2 * stride).reinterpretAsFloats(), a2);
            a3 = s3.fma(ByteVector.fromArray(FB, quants, q + 3 * stride).reinterpretAsFloats(), a3);
        }
        Panels.store(a0, out, b * os, p, r0, r1);
        Panels.store(a1, out, b * os, p + 1, r0, r1);
        Panels.store(a2, out, b * os, p + 2, r0, r1);
        Panels.store(a3, out, b * os, p + 3, r0, r1);
    }

    /** Panels {@code p, p+1} against inputs {@code b .. b+3}: one broadcast per input value serves both panels. */
    @Override
    public void dot2x4(int p, Activations in, int b, float[] out, int os, int r0, int r1) {
        float[] x = in.x;
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        int stride = blocks * PANEL_BLOCK;
        int q = p * stride;
        int x0 = b * cols, x1 = x0 + cols, x2 = x1 + cols, x3 = x2 + cols;
        for (int blk = 0; blk < blocks; blk++, q += 4 * ROWS) {
            FloatVector s00 = FloatVector.zero(F), s01 = s00, s02 = s00, s03 = s00;
            FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
            for (int k = 0; k < BLOCK; k++, q += ROWS) {
                FloatVector w0 =
                        ((FloatVector) ByteVector.fromArray(B, quants, q).convertShape(VectorOperators.B2F, F, 0));
                FloatVector w1 = ((FloatVector)
                        ByteVector.fromArray(B, quants, q + stride).convertShape(VectorOperators.B2F, F, 0));
                FloatVector v = FloatVector.broadcast(F, x[x0++]);
                s00 = w0.fma(v, s00);
                s10 = w1.fma(v, s10);
                v = FloatVector.broadcast(F, x[x1++]);
                s01 = w0.fma(v, s01);
                s11 = w1.fma(v, s11);
                v = FloatVector.broadcast(F, x[x2++]);
                s02 = w0.fma(v, s02);
                s12 = w1.fma(v, s12);
                v = FloatVector.broadcast(F, x[x3++]);
                s03 = w0.fma(v, s03);
                s13 = w1.fma(v, s13);
            }
            FloatVector d0 = ByteVector.fromArray(FB, quants, q).reinterpretAsFloats();
            FloatVector d1 = ByteVector.fromArray(FB, quants, q + stride).reinterpretAsFloats();
            a00 = s00.fma(d0, a00);
            a01 = s01.fma(d0, a01);
            a02 = s02.fma(d0, a02);
            a03 = s03.fma(d0, a03);
            a10 = s10.fma(d1, a10);
            a11 = s11.fma(d1, a11);
            a12 = s12.fma(d1, a12);
            a13 = s13.fma(d1, a13);
        }
        Panels.store(a00, out, b * os, p, r0, r1);
        Panels.store(a01, out, (b + 1) * os, p, r0, r1);
        Panels.store(a02, out, (b + 2) * os, p, r0, r1);
        Panels.store(a03, out, (b + 3) * os, p, r0, r1);
        Panels.store(a10, out, b * os, p + 1, r0, r1);
        Panels.store(a11, out, (b + 1) * os, p + 1, r0, r1);
        Panels.store(a12, out, (b + 2) * os, p + 1, r0, r1);
        Panels.store(a13, out, (b + 3) * os, p + 1, r0, r1);
    }
}
