package dev.hcxmesh.decoder.engine.cpu;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A Q4_0-style matrix {@code [rows, cols]}: per 32 consecutive weights of a row one f16 scale {@code
 * d} and 16 bytes; byte {@code j} holds weight {@code j} in its low nibble and weight {@code j+16} in
 * its high nibble, each stored as {@code q + 8}; w ≈ d·q with q in [-8, 7]. {@code d = m / -8} where
 * m is the block's value of largest magnitude (GGML's rule).
 */
public final class Q4Matrix implements Matrix, RowKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    private static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
    private static final FloatVector LEVELS = // [16] q - 8 for q = 0..15
            FloatVector.fromArray(F, new float[] {-8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7}, 0);

    private final int rows;
    private final int cols;
    private final byte[] quants; // [rows * cols / 2] packed nibbles
    private final short[] scales; // [rows * cols / 32] f16 bits

    public Q4Matrix(int rows, int cols, byte[] quants, short[] scales) {
        Matrix.checkShape("q4_0", rows, cols);
        if (quants.length != rows * cols / 2 || scales.length != rows * cols / BLOCK) {
            throw new IllegalArgumentException("q4_0 matrix [" + rows + ", " + cols + "] needs " + rows * cols / 2
                    + " packed bytes and " + rows * cols / BLOCK + " scales, found " + quants.length + " and "
                    + scales.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.quants = quants;
        this.scales = scales;
    }

    /** Quantises row by row from a float source. */
    public static Q4Matrix quantize(int rows, int cols, RowSource src) {
        Matrix.checkShape("q4_0", rows, cols);
        byte[] q = new byte[rows * cols / 2];
        short[] s = new short[rows * cols / BLOCK];
        float[] buf = new float[cols];
        for (int r = 0; r < rows; r++) {
            src.read(r, buf);
            for (int c = 0; c < cols; c += BLOCK) {
                float amax = 0, max = 0;
                for (int i = 0; i < BLOCK; i++) {
                    float v = buf[c + i];
                    if (Math.abs(v) > amax) {
                        amax = Math.abs(v);
                        max = v;
                    }
                }
                short d16 = Float.floatToFloat16(max / -8f);
                float d = Float.float16ToFloat(d16);
                float id = d == 0 ? 0 : 1f / d;
                int blk = (r * cols + c) / BLOCK;
                for (int j = 0; j < 16; j++) {
                    int lo = Math.min(15, Math.max(0, (int) (buf[c + j] * id + 8.5f)));
                    int hi = Math.min(15, Math.max(0, (int) (buf[c + j + 16] * id + 8.5f)));
                    q[blk * 16 + j] = (byte) (lo | (hi << 4));
                }
                s[blk] = d16;
            }
        }
        return new Q4Matrix(rows, cols, q, s);
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
        return WeightFormat.Q4_0;
    }

    @Override
    public long bytes() {
        return (long) quants.length + 2L * scales.length;
    }

    @Override
    public void row(int r, float[] dst, int off) {
        int base = r * cols;
        for (int c = 0; c < cols; c += BLOCK) {
            int blk = (base + c) / BLOCK;
            float d = Float.float16ToFloat(scales[blk]);
            for (int j = 0; j < 16; j++) {
                int b = quants[blk * 16 + j];
                dst[off + c + j] = d * ((b & 0x0F) - 8);
                dst[off + c + j + 16] = d * (((b >> 4) & 0x0F) - 8);
            }
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
            IntVector pu = packed((base + c) >> 5), lu = levels((base + c) >> 5);
            FloatVector u0 = low(pu, lu), u1 = high(pu, lu);
            IntVector pv = packed((base2 + c) >> 5), lv = levels((base2 + c) >> 5);
            FloatVector v0 = low(pv, lv), v1 = high(pv, lv);
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
            IntVector packed = packed(blk), levels = levels(blk);
            FloatVector w0 = low(packed, levels), w1 = high(packed, levels);
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
            IntVector packed = packed(blk), levels = levels(blk);
            FloatVector w0 = low(packed, levels), w1 = high(packed, levels);
            a0 = w0.fma(FloatVector.fromArray(F, x, x0 + c), a0);
            a1 = w1.fma(FloatVector.fromArray(F, x, x0 + c + 16), a1);
        }
        return Lanes.sum(a0.add(a1));
    }

    /** The 16 bytes of block {@code blk} widened to int lanes (nibble masks and shifts are native there). */
    private IntVector packed(int blk) {
        return (IntVector) ByteVector.fromArray(B16, quants, blk << 4).convertShape(VectorOperators.B2I, I, 0);
    }

    /**
     * The block's 16 dequantised levels {@code d·(q−8)}, q = 0..15, as float bits: a weight is then one
     * lane permute of its nibble, bit-identical to {@code d * (q - 8)} (one rounding either way).
     */
    private IntVector levels(int blk) {
        return LEVELS.mul(Float.float16ToFloat(scales[blk])).reinterpretAsInts();
    }

    /** Weights {@code j} (low nibbles) of a block, j < 16. */
    private static FloatVector low(IntVector packed, IntVector levels) {
        return packed.and(0x0F).selectFrom(levels).reinterpretAsFloats();
    }

    /** Weights {@code j + 16} (high nibbles) of a block. */
    private static FloatVector high(IntVector packed, IntVector levels) {
        return packed.lanewise(VectorOperators.ASHR, 4)
                .and(0x0F)
                .selectFrom(levels)
                .reinterpretAsFloats();
    }
}
