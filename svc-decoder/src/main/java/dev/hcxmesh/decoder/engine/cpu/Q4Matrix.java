package dev.hcxmesh.decoder.engine.cpu;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A Q4_0-style matrix {@code [rows, cols]}: per 32 consecutive weights of a row one scale {@code d =
 * m / -8} (rounded to f16; m is the block's value of largest magnitude, GGML's rule) and 32 levels
 * {@code q} in [-8, 7]; w ≈ d·q.
 *
 * <p>Stored in {@link Panels} of 16 rows. Per panel and block, 8 groups of 32 bytes; byte {@code 2r +
 * p} of group {@code g} holds q of row r at column {@code 4g + p} in its low nibble and at column
 * {@code 4g + 2 + p} in its high nibble (4-bit two's complement). Widened to 32 int16 lanes, a
 * shift pair yields the low levels and one arithmetic shift the high ones: 16 rows x 2 columns per
 * vector, lane {@code 2r + p} holding column parity p. They multiply int16 inputs ({@link
 * Activations.Q8}, two columns broadcast by one 32-bit load) and add in int16: a lane sums 16
 * products of at most 8·127, so it cannot overflow. At the block's end the two parity lanes of a row
 * are added as ints, converted, and scaled by {@code d_w·d_x}: 4 vector operations per 32 weights
 * and one input, where a float dequantise-and-FMA path needs 12.
 */
public final class Q4Matrix implements Matrix, Panels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    private static final VectorSpecies<Byte> B32 = ByteVector.SPECIES_256;
    private static final VectorSpecies<Short> S = ShortVector.SPECIES_512;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
    private static final int GROUP = 2 * ROWS; // bytes per group: 16 rows x 2 column parities
    private static final int GROUPS = BLOCK / 4;
    private static final int PANEL_BLOCK = GROUPS * GROUP; // bytes of one block of one panel

    private final int rows;
    private final int cols;
    private final int blocks;
    private final byte[] quants; // [panels, blocks, 8 groups, 32]
    private final float[] scales; // [panels, blocks, 16]

    /**
     * From GGML's row-major layout: {@code rowMajor [rows, cols/2]}, per block byte j holding level j in
     * its low nibble and level j+16 in its high nibble as {@code q + 8}; {@code f16Scales [rows,
     * cols/32]} f16 bits. Repacked into panels.
     */
    public Q4Matrix(int rows, int cols, byte[] rowMajor, short[] f16Scales) {
        Matrix.checkShape("q4_0", rows, cols);
        if (rowMajor.length != rows * cols / 2 || f16Scales.length != rows * cols / BLOCK) {
            throw new IllegalArgumentException("q4_0 matrix [" + rows + ", " + cols + "] needs " + rows * cols / 2
                    + " packed bytes and " + rows * cols / BLOCK + " scales, found " + rowMajor.length + " and "
                    + f16Scales.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.blocks = cols / BLOCK;
        int padded = Panels.panels(rows) * ROWS;
        this.quants = new byte[padded * cols / 2];
        this.scales = new float[padded * blocks];
        for (int r = 0; r < rows; r++) {
            for (int blk = 0; blk < blocks; blk++) {
                int src = (r * blocks + blk) * 16;
                for (int j = 0; j < 16; j++) {
                    int b = rowMajor[src + j];
                    put(r, blk * BLOCK + j, (b & 0x0F) - 8);
                    put(r, blk * BLOCK + j + 16, ((b >> 4) & 0x0F) - 8);
                }
                scales[scaleIndex(r, blk)] = Float.float16ToFloat(f16Scales[r * blocks + blk]);
            }
        }
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

    /** Byte holding level (r, c); the level is its high nibble when {@link #highNibble(int)}. */
    private int byteIndex(int r, int c) {
        int k = c % BLOCK;
        return ((r / ROWS * blocks + c / BLOCK) * GROUPS + k / 4) * GROUP + 2 * (r % ROWS) + (k & 1);
    }

    private static boolean highNibble(int c) {
        return (c & 2) != 0;
    }

    private void put(int r, int c, int level) {
        int i = byteIndex(r, c);
        quants[i] = (byte) (highNibble(c) ? (quants[i] & 0x0F) | (level << 4) : (quants[i] & 0xF0) | (level & 0x0F));
    }

    private int scaleIndex(int r, int blk) {
        return (r / ROWS * blocks + blk) * ROWS + r % ROWS;
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
        return quants.length + 4L * scales.length;
    }

    @Override
    public void row(int r, float[] dst, int off) {
        for (int c = 0; c < cols; c++) {
            int b = quants[byteIndex(r, c)];
            int level = highNibble(c) ? b >> 4 : (b << 28) >> 28;
            dst[off + c] = scales[scaleIndex(r, c / BLOCK)] * level;
        }
    }

    @Override
    public void matmul(Activations in, float[] out, int outStride, int r0, int r1) {
        panelsTimesInputs(in, out, outStride, r0, r1);
    }

    // Kernels. Per group of 32 bytes: widen to int16 (lane 2r+p), low levels = (v << 12) >> 12, high
    // levels = v >> 4; multiply by the input pair broadcast as an int and add. Per block: add each
    // row's two parity lanes as ints, convert, and fma with d_w·d_x. Written out in full in each
    // kernel, see Panels on why no vector crosses a method boundary.

    @Override
    public void dot1x1(int p, Activations in, int b, float[] out, int os, int r0, int r1) {
        Activations.Q8 x = in.q8();
        int[] xp = x.pairs();
        float[] xsc = x.scales();
        FloatVector acc = FloatVector.zero(F);
        int q = p * blocks * PANEL_BLOCK, s = p * blocks * ROWS, j = b * cols / 2, xs = b * blocks;
        for (int blk = 0; blk < blocks; blk++, s += ROWS, xs++) {
            ShortVector sum = ShortVector.zero(S);
            for (int g = 0; g < GROUPS; g++, q += GROUP, j += 2) {
                ShortVector w =
                        (ShortVector) ByteVector.fromArray(B32, quants, q).convertShape(VectorOperators.B2S, S, 0);
                ShortVector lo = w.lanewise(VectorOperators.LSHL, 12).lanewise(VectorOperators.ASHR, 12);
                ShortVector hi = w.lanewise(VectorOperators.ASHR, 4);
                sum = sum.add(lo.mul(IntVector.broadcast(I, xp[j]).reinterpretAsShorts()))
                        .add(hi.mul(IntVector.broadcast(I, xp[j + 1]).reinterpretAsShorts()));
            }
            IntVector t = sum.reinterpretAsInts();
            IntVector rowSum = t.lanewise(VectorOperators.ASHR, 16)
                    .add(t.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16));
            FloatVector dw = FloatVector.fromArray(F, scales, s);
            acc = ((FloatVector) rowSum.convert(VectorOperators.I2F, 0)).fma(dw.mul(xsc[xs]), acc);
        }
        Panels.store(acc, out, b * os, p, r0, r1);
    }

    /** Two passes of {@link #dot1x2}: a four-input body is past what C2 compiles well. */
    @Override
    public void dot1x4(int p, Activations in, int b, float[] out, int os, int r0, int r1) {
        dot1x2(p, in, b, out, os, r0, r1);
        dot1x2(p, in, b + 2, out, os, r0, r1);
    }

    /** Panel {@code p} against inputs {@code b, b+1}, the same operations as {@link #dot1x1}. */
    private void dot1x2(int p, Activations in, int b, float[] out, int os, int r0, int r1) {
        Activations.Q8 x = in.q8();
        int[] xp = x.pairs();
        float[] xsc = x.scales();
        FloatVector a0 = FloatVector.zero(F), a1 = a0;
        int half = cols / 2;
        int q = p * blocks * PANEL_BLOCK, s = p * blocks * ROWS, j = b * half, xs = b * blocks;
        for (int blk = 0; blk < blocks; blk++, s += ROWS, xs++) {
            ShortVector s0 = ShortVector.zero(S), s1 = s0;
            for (int g = 0; g < GROUPS; g++, q += GROUP, j += 2) {
                ShortVector w =
                        (ShortVector) ByteVector.fromArray(B32, quants, q).convertShape(VectorOperators.B2S, S, 0);
                ShortVector lo = w.lanewise(VectorOperators.LSHL, 12).lanewise(VectorOperators.ASHR, 12);
                ShortVector hi = w.lanewise(VectorOperators.ASHR, 4);
                s0 = s0.add(lo.mul(IntVector.broadcast(I, xp[j]).reinterpretAsShorts()))
                        .add(hi.mul(IntVector.broadcast(I, xp[j + 1]).reinterpretAsShorts()));
                s1 = s1.add(lo.mul(IntVector.broadcast(I, xp[j + half]).reinterpretAsShorts()))
                        .add(hi.mul(IntVector.broadcast(I, xp[j + half + 1]).reinterpretAsShorts()));
            }
            FloatVector dw = FloatVector.fromArray(F, scales, s);
            IntVector t0 = s0.reinterpretAsInts(), t1 = s1.reinterpretAsInts();
            IntVector sum0 = t0.lanewise(VectorOperators.ASHR, 16)
                    .add(t0.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16));
            IntVector sum1 = t1.lanewise(VectorOperators.ASHR, 16)
                    .add(t1.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16));
            a0 = ((FloatVector) sum0.convert(VectorOperators.I2F, 0)).fma(dw.mul(xsc[xs]), a0);
            a1 = ((FloatVector) sum1.convert(VectorOperators.I2F, 0)).fma(dw.mul(xsc[xs + blocks]), a1);
        }
        Panels.store(a0, out, b * os, p, r0, r1);
        Panels.store(a1, out, (b + 1) * os, p, r0, r1);
    }

    /** Panels {@code p .. p+3} against input {@code b}: one broadcast of each input pair serves four panels. */
    @Override
    public void dot4x1(int p, Activations in, int b, float[] out, int os, int r0, int r1) {
        Activations.Q8 x = in.q8();
        int[] xp = x.pairs();
        float[] xsc = x.scales();
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        int stride = blocks * PANEL_BLOCK, sStride = blocks * ROWS;
        int q = p * stride, s = p * sStride, j = b * cols / 2, xs = b * blocks;
        for (int blk = 0; blk < blocks; blk++, s += ROWS, xs++) {
            ShortVector s0 = ShortVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (int g = 0; g < GROUPS; g++, q += GROUP, j += 2) {
                ShortVector e = IntVector.broadcast(I, xp[j]).reinterpretAsShorts();
                ShortVector o = IntVector.broadcast(I, xp[j + 1]).reinterpretAsShorts();
                ShortVector w =
                        (ShortVector) ByteVector.fromArray(B32, quants, q).convertShape(VectorOperators.B2S, S, 0);
                s0 = s0.add(w.lanewise(VectorOperators.LSHL, 12)
                                .lanewise(VectorOperators.ASHR, 12)
                                .mul(e))
                        .add(w.lanewise(VectorOperators.ASHR, 4).mul(o));
                w = (ShortVector) ByteVector.fromArray(B32, quants, q + stride).convertShape(VectorOperators.B2S, S, 0);
                s1 = s1.add(w.lanewise(VectorOperators.LSHL, 12)
                                .lanewise(VectorOperators.ASHR, 12)
                                .mul(e))
                        .add(w.lanewise(VectorOperators.ASHR, 4).mul(o));
                w = (ShortVector)
                        ByteVector.fromArray(B32, quants, q + 2 * stride).convertShape(VectorOperators.B2S, S, 0);
                s2 = s2.add(w.lanewise(VectorOperators.LSHL, 12)
                                .lanewise(VectorOperators.ASHR, 12)
                                .mul(e))
                        .add(w.lanewise(VectorOperators.ASHR, 4).mul(o));
                w = (ShortVector)
                        ByteVector.fromArray(B32, quants, q + 3 * stride).convertShape(VectorOperators.B2S, S, 0);
                s3 = s3.add(w.lanewise(VectorOperators.LSHL, 12)
                                .lanewise(VectorOperators.ASHR, 12)
                                .mul(e))
                        .add(w.lanewise(VectorOperators.ASHR, 4).mul(o));
            }
            float dx = xsc[xs];
            IntVector t = s0.reinterpretAsInts();
            a0 = ((FloatVector) t.lanewise(VectorOperators.ASHR, 16)
                            .add(t.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16))
                            .convert(VectorOperators.I2F, 0))
                    .fma(FloatVector.fromArray(F, scales, s).mul(dx), a0);
            t = s1.reinterpretAsInts();
            a1 = ((FloatVector) t.lanewise(VectorOperators.ASHR, 16)
                            .add(t.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16))
                            .convert(VectorOperators.I2F, 0))
                    .fma(FloatVector.fromArray(F, scales, s + sStride).mul(dx), a1);
            t = s2.reinterpretAsInts();
            a2 = ((FloatVector) t.lanewise(VectorOperators.ASHR, 16)
                            .add(t.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16))
                            .convert(VectorOperators.I2F, 0))
                    .fma(FloatVector.fromArray(F, scales, s + 2 * sStride).mul(dx), a2);
            t = s3.reinterpretAsInts();
            a3 = ((FloatVector) t.lanewise(VectorOperators.ASHR, 16)
                            .add(t.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16))
                            .convert(VectorOperators.I2F, 0))
                    .fma(FloatVector.fromArray(F, scales, s + 3 * sStride).mul(dx), a3);
        }
        Panels.store(a0, out, b * os, p, r0, r1);
        Panels.store(a1, out, b * os, p + 1, r0, r1);
        Panels.store(a2, out, b * os, p + 2, r0, r1);
        Panels.store(a3, out, b * os, p + 3, r0, r1);
    }
}
