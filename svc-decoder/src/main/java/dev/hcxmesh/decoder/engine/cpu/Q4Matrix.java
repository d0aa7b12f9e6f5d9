package dev.hcxmesh.decoder.engine.cpu;

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
 * <p>Stored in {@link Panels} of R rows (R = {@link Panels#ROWS}) as int16 lanes of four nibbles
 * {@code q + 8}, two lanes per int: per panel and block four chunks of 2R lanes; lane {@code 2r + p} of
 * chunk c holds row r at columns {@code 8c + 2i + p} in nibble i (i = 0..3). One vector load, two
 * 32-bit shifts, three masks and one int16 shift give four vectors of R rows x 2 columns, which
 * multiply int16 inputs ({@link Activations.Q8}, two columns broadcast by one 32-bit load) and add
 * in int16: a lane sums 16 products of at most 15·127 = 1905, so it cannot overflow. At the block's end the two lanes of a row
 * are added as ints, the bias is removed ({@code 8·Σq_x}, the block's input sum), and the exact
 * integer dot is converted and scaled by {@code d_w·d_x}. The stored scales carry a power-of-two
 * factor ({@link F16Scales}); the kernels remove it from {@code d_x}, not from each {@code d_w}: a
 * product by a power of two is exact, so the result has the same bits either way, with one multiply
 * fewer per panel and block.
 *
 * <p>The scales stay f16 bits, {@code scales [panel, block, R]}, so a weight costs 4.5 bits as in GGML
 * rather than 5 with float scales; each kernel widens a panel's R scales to ints and turns them into
 * floats with one shift, one mask and one multiply ({@link F16Scales}), exactly for every finite
 * f16. Batch-1 decode streams the weights from memory, so the tenth fewer bytes shows directly: on a
 * 2-core Zen 3, alternating full-model runs went from 10.0-12.0 to 12.1-13.3 tok/s.
 *
 * <p>The low three nibbles come out with 32-bit shifts by a constant, which C2 emits with an
 * immediate count, and masks that clear the bits a 32-bit shift carries across the two int16 halves.
 * On Zen 4 this replaced a sign-extending layout (bytes widened to int16, nibbles sign-extended by
 * int16 shifts): one thread with the weights in L2 went from 40 to 50 GMAC/s, and two threads
 * streaming from memory from about 31 to 35 GB/s. The top nibble takes one int16 logical shift,
 * which needs no mask: one operation fewer per chunk, and with the scale folding above, one thread
 * in L2 (KernelBench, 512 rows) went from 66-71 to 73-75 GFLOP/s at one input on Zen 4 (2026-12-08).
 *
 * <p>Lanes change type with {@code reinterpretShape(species, 0)} and {@code convertShape(conv,
 * species, 0)}, not {@code reinterpretAsShorts()} or {@code convert(conv, 0)}; {@link Simd} says why
 * and what was measured (with the latter, this format's batch 1 ran as boxed Java code in about half
 * the JVMs that had run BF16 and Q8_0 first).
 */
public final class Q4Matrix implements Matrix, Panels {
    private static final VectorSpecies<Float> F = Simd.F;
    private static final VectorSpecies<Integer> I = Simd.I;
    private static final VectorSpecies<Short> H = Simd.H;
    private static final VectorSpecies<Short> S16 = VectorSpecies.of(short.class, Simd.I.vectorShape()); // int16 lanes
    private static final int CHUNK = ROWS; // ints per chunk: R rows x 2 column parities as int16 halves
    private static final int CHUNKS = BLOCK / 8;
    private static final int PANEL_BLOCK = CHUNKS * CHUNK; // ints of one block of one panel
    private static final int NIBBLES = 0x000F000F; // the low nibble of each int16 half

    private final int rows;
    private final int cols;
    private final int blocks;
    private final int[] quants; // [panels, blocks, 4 chunks, R ints], two int16 lanes of four nibbles each
    private final short[] scales; // [panels, blocks, R] f16 bits of d·2^scaleShift (F16Scales)
    private final int scaleShift;
    private final float unscale;

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
        this.scaleShift = F16Scales.shift(f16Scales);
        this.unscale = F16Scales.unscale(scaleShift);
        int padded = Panels.panels(rows) * ROWS;
        this.quants = new int[padded * cols / 8];
        this.scales = new short[padded * blocks];
        java.util.Arrays.fill(quants, 0x88888888); // padding rows: level 0 (scale 0 too)
        for (int r = 0; r < rows; r++) {
            for (int blk = 0; blk < blocks; blk++) {
                int src = (r * blocks + blk) * 16;
                for (int j = 0; j < 16; j++) {
                    int b = rowMajor[src + j];
                    put(r, blk * BLOCK + j, b & 0x0F);
                    put(r, blk * BLOCK + j + 16, (b >> 4) & 0x0F);
                }
                scales[scaleIndex(r, blk)] = F16Scales.stored(f16Scales[r * blocks + blk], scaleShift);
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

    /** Bit offset of level (r, c) in {@code quants[intIndex(r, c)]}: its int16 half, then its nibble. */
    private static int shift(int c) {
        return 16 * (c & 1) + 4 * ((c % 8) / 2);
    }

    private int intIndex(int r, int c) {
        return ((r / ROWS * blocks + c / BLOCK) * CHUNKS + (c % BLOCK) / 8) * CHUNK + r % ROWS;
    }

    private void put(int r, int c, int biased) {
        int i = intIndex(r, c), sh = shift(c);
        quants[i] = (quants[i] & ~(0xF << sh)) | (biased << sh);
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
        return 4L * quants.length + 2L * scales.length;
    }

    @Override
    public void row(int r, float[] dst, int off) {
        for (int c = 0; c < cols; c++) {
            int level = ((quants[intIndex(r, c)] >>> shift(c)) & 0x0F) - 8;
            dst[off + c] = F16Scales.value(scales[scaleIndex(r, c / BLOCK)], scaleShift) * level;
        }
    }

    /** Quantises the inputs to {@link Activations.Q8} once, before the parallel region. */
    @Override
    public void prepare(Activations in) {
        in.q8();
    }

    @Override
    public void matmul(Activations in, float[] out, int outStride, int r0, int r1) {
        panelsTimesInputs(in, out, outStride, r0, r1);
    }

    // Kernels. Per chunk: nibble i = (v >>> 4i) & NIBBLES for i < 3, and v >>> 12 on int16 lanes for
    // i = 3, times the broadcast input pair i, added in int16. Per block: the two int16 lanes of a row
    // added as ints, minus 8·Σq_x, converted, and fma'd with d_w·d_x. Written out in full in each
    // kernel (see Panels: no vector crosses a method boundary).

    @Override
    public void dot1x1(int p, Activations in, int b, float[] out, int os, int r0, int r1) {
        Activations.Q8 x = in.q8();
        int[] xp = x.pairs(), xsum = x.sums();
        float[] xsc = x.scales();
        FloatVector acc = FloatVector.zero(F);
        int q = p * blocks * PANEL_BLOCK, s = p * blocks * ROWS, j = b * cols / 2, xs = b * blocks;
        for (int blk = 0; blk < blocks; blk++, s += ROWS, xs++) {
            ShortVector sum = (ShortVector) IntVector.zero(I).reinterpretShape(S16, 0);
            for (int c = 0; c < CHUNKS; c++, q += CHUNK, j += 4) {
                IntVector v = IntVector.fromArray(I, quants, q);
                sum = sum.add(((ShortVector) v.and(NIBBLES).reinterpretShape(S16, 0)).mul(((ShortVector)
                                IntVector.broadcast(I, xp[j]).reinterpretShape(S16, 0))))
                        .add(((ShortVector) v.lanewise(VectorOperators.LSHR, 4)
                                        .and(NIBBLES)
                                        .reinterpretShape(S16, 0))
                                .mul(((ShortVector)
                                        IntVector.broadcast(I, xp[j + 1]).reinterpretShape(S16, 0))))
                        .add(((ShortVector) v.lanewise(VectorOperators.LSHR, 8)
                                        .and(NIBBLES)
                                        .reinterpretShape(S16, 0))
                                .mul(((ShortVector)
                                        IntVector.broadcast(I, xp[j + 2]).reinterpretShape(S16, 0))))
                        .add((((ShortVector) v.reinterpretShape(S16, 0)).lanewise(VectorOperators.LSHR, 12))
                                .mul(((ShortVector)
                                        IntVector.broadcast(I, xp[j + 3]).reinterpretShape(S16, 0))));
            }
            IntVector t = (IntVector) sum.reinterpretShape(I, 0);
            IntVector rowSum = t.lanewise(VectorOperators.ASHR, 16)
                    .add(t.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16))
                    .sub(8 * xsum[xs]);
            FloatVector dw = ((FloatVector)
                    ((IntVector) ShortVector.fromArray(H, scales, s).convertShape(VectorOperators.S2I, I, 0))
                            .lanewise(VectorOperators.LSHL, 13)
                            .and(F16Scales.MASK)
                            .reinterpretShape(F, 0));
            acc = ((FloatVector) rowSum.convertShape(VectorOperators.I2F, F, 0)).fma(dw.mul(xsc[xs] * unscale), acc);
        }
        Panels.store(acc, out, b * os, p, r0, r1);
    }

    /** Panel {@code p} against inputs {@code b .. b+3}: each chunk's nibbles are extracted once for four inputs. */
    @Override
    public void dot1x4(int p, Activations in, int b, float[] out, int os, int r0, int r1) {
        Activations.Q8 x = in.q8();
        int[] xp = x.pairs(), xsum = x.sums();
        float[] xsc = x.scales();
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        int half = cols / 2;
        int q = p * blocks * PANEL_BLOCK, s = p * blocks * ROWS, j = b * half, xs = b * blocks;
        for (int blk = 0; blk < blocks; blk++, s += ROWS, xs++) {
            ShortVector s0 = (ShortVector) IntVector.zero(I).reinterpretShape(S16, 0), s1 = s0, s2 = s0, s3 = s0;
            for (int c = 0; c < CHUNKS; c++, q += CHUNK, j += 4) {
                IntVector v = IntVector.fromArray(I, quants, q);
                ShortVector n0 = (ShortVector) v.and(NIBBLES).reinterpretShape(S16, 0);
                ShortVector n1 = (ShortVector)
                        v.lanewise(VectorOperators.LSHR, 4).and(NIBBLES).reinterpretShape(S16, 0);
                ShortVector n2 = (ShortVector)
                        v.lanewise(VectorOperators.LSHR, 8).and(NIBBLES).reinterpretShape(S16, 0);
                ShortVector n3 = ((ShortVector) v.reinterpretShape(S16, 0)).lanewise(VectorOperators.LSHR, 12);
                int k0 = j;
                ShortVector b00 = (ShortVector) IntVector.broadcast(I, xp[k0]).reinterpretShape(S16, 0);
                ShortVector b01 =
                        (ShortVector) IntVector.broadcast(I, xp[k0 + 1]).reinterpretShape(S16, 0);
                ShortVector b02 =
                        (ShortVector) IntVector.broadcast(I, xp[k0 + 2]).reinterpretShape(S16, 0);
                ShortVector b03 =
                        (ShortVector) IntVector.broadcast(I, xp[k0 + 3]).reinterpretShape(S16, 0);
                s0 = s0.add(n0.mul(b00).add(n1.mul(b01)).add(n2.mul(b02).add(n3.mul(b03))));
                int k1 = j + half;
                ShortVector b10 = (ShortVector) IntVector.broadcast(I, xp[k1]).reinterpretShape(S16, 0);
                ShortVector b11 =
                        (ShortVector) IntVector.broadcast(I, xp[k1 + 1]).reinterpretShape(S16, 0);
                ShortVector b12 =
                        (ShortVector) IntVector.broadcast(I, xp[k1 + 2]).reinterpretShape(S16, 0);
                ShortVector b13 =
                        (ShortVector) IntVector.broadcast(I, xp[k1 + 3]).reinterpretShape(S16, 0);
                s1 = s1.add(n0.mul(b10).add(n1.mul(b11)).add(n2.mul(b12).add(n3.mul(b13))));
                int k2 = j + 2 * half;
                ShortVector b20 = (ShortVector) IntVector.broadcast(I, xp[k2]).reinterpretShape(S16, 0);
                ShortVector b21 =
                        (ShortVector) IntVector.broadcast(I, xp[k2 + 1]).reinterpretShape(S16, 0);
                ShortVector b22 =
                        (ShortVector) IntVector.broadcast(I, xp[k2 + 2]).reinterpretShape(S16, 0);
                ShortVector b23 =
                        (ShortVector) IntVector.broadcast(I, xp[k2 + 3]).reinterpretShape(S16, 0);
                s2 = s2.add(n0.mul(b20).add(n1.mul(b21)).add(n2.mul(b22).add(n3.mul(b23))));
                int k3 = j + 3 * half;
                ShortVector b30 = (ShortVector) IntVector.broadcast(I, xp[k3]).reinterpretShape(S16, 0);
                ShortVector b31 =
                        (ShortVector) IntVector.broadcast(I, xp[k3 + 1]).reinterpretShape(S16, 0);
                ShortVector b32 =
                        (ShortVector) IntVector.broadcast(I, xp[k3 + 2]).reinterpretShape(S16, 0);
                ShortVector b33 =
                        (ShortVector) IntVector.broadcast(I, xp[k3 + 3]).reinterpretShape(S16, 0);
                s3 = s3.add(n0.mul(b30).add(n1.mul(b31)).add(n2.mul(b32).add(n3.mul(b33))));
            }
            FloatVector dw = ((FloatVector)
                    ((IntVector) ShortVector.fromArray(H, scales, s).convertShape(VectorOperators.S2I, I, 0))
                            .lanewise(VectorOperators.LSHL, 13)
                            .and(F16Scales.MASK)
                            .reinterpretShape(F, 0));
            IntVector t = (IntVector) s0.reinterpretShape(I, 0);
            a0 = ((FloatVector) t.lanewise(VectorOperators.ASHR, 16)
                            .add(t.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16))
                            .sub(8 * xsum[xs])
                            .convertShape(VectorOperators.I2F, F, 0))
                    .fma(dw.mul(xsc[xs] * unscale), a0);
            t = (IntVector) s1.reinterpretShape(I, 0);
            a1 = ((FloatVector) t.lanewise(VectorOperators.ASHR, 16)
                            .add(t.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16))
                            .sub(8 * xsum[xs + blocks])
                            .convertShape(VectorOperators.I2F, F, 0))
                    .fma(dw.mul(xsc[xs + blocks] * unscale), a1);
            t = (IntVector) s2.reinterpretShape(I, 0);
            a2 = ((FloatVector) t.lanewise(VectorOperators.ASHR, 16)
                            .add(t.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16))
                            .sub(8 * xsum[xs + 2 * blocks])
                            .convertShape(VectorOperators.I2F, F, 0))
                    .fma(dw.mul(xsc[xs + 2 * blocks] * unscale), a2);
            t = (IntVector) s3.reinterpretShape(I, 0);
            a3 = ((FloatVector) t.lanewise(VectorOperators.ASHR, 16)
                            .add(t.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16))
                            .sub(8 * xsum[xs + 3 * blocks])
                            .convertShape(VectorOperators.I2F, F, 0))
                    .fma(dw.mul(xsc[xs + 3 * blocks] * unscale), a3);
        }
        Panels.store(a0, out, b * os, p, r0, r1);
        Panels.store(a1, out, (b + 1) * os, p, r0, r1);
        Panels.store(a2, out, (b + 2) * os, p, r0, r1);
        Panels.store(a3, out, (b + 3) * os, p, r0, r1);
    }

    /**
     * Panels {@code p, p+1} against inputs {@code b .. b+3}: each input pair is broadcast once for both
     * panels. Eight int16 sums fill the registers, so the float accumulators live in a small array.
     */
    @Override
    public void dot2x4(int p, Activations in, int b, float[] out, int os, int r0, int r1) {
        Activations.Q8 x = in.q8();
        int[] xp = x.pairs(), xsum = x.sums();
        float[] xsc = x.scales();
        float[] acc = new float[8 * ROWS]; // [panel 2, input 4, R]
        int half = cols / 2, stride = blocks * PANEL_BLOCK, sStride = blocks * ROWS;
        int q = p * stride, s = p * sStride, j = b * half, xs = b * blocks;
        for (int blk = 0; blk < blocks; blk++, s += ROWS, xs++) {
            ShortVector s00 = (ShortVector) IntVector.zero(I).reinterpretShape(S16, 0), s01 = s00, s02 = s00, s03 = s00;
            ShortVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
            for (int c = 0; c < CHUNKS; c++, q += CHUNK, j += 4) {
                IntVector v = IntVector.fromArray(I, quants, q), u = IntVector.fromArray(I, quants, q + stride);
                ShortVector m = ((ShortVector) v.and(NIBBLES).reinterpretShape(S16, 0)),
                        n = (ShortVector) u.and(NIBBLES).reinterpretShape(S16, 0);
                ShortVector e00 = (ShortVector) IntVector.broadcast(I, xp[j]).reinterpretShape(S16, 0);
                s00 = s00.add(m.mul(e00));
                s10 = s10.add(n.mul(e00));
                ShortVector e01 =
                        (ShortVector) IntVector.broadcast(I, xp[j + half]).reinterpretShape(S16, 0);
                s01 = s01.add(m.mul(e01));
                s11 = s11.add(n.mul(e01));
                ShortVector e02 =
                        (ShortVector) IntVector.broadcast(I, xp[j + 2 * half]).reinterpretShape(S16, 0);
                s02 = s02.add(m.mul(e02));
                s12 = s12.add(n.mul(e02));
                ShortVector e03 =
                        (ShortVector) IntVector.broadcast(I, xp[j + 3 * half]).reinterpretShape(S16, 0);
                s03 = s03.add(m.mul(e03));
                s13 = s13.add(n.mul(e03));
                m = (ShortVector)
                        v.lanewise(VectorOperators.LSHR, 4).and(NIBBLES).reinterpretShape(S16, 0);
                n = (ShortVector)
                        u.lanewise(VectorOperators.LSHR, 4).and(NIBBLES).reinterpretShape(S16, 0);
                ShortVector e10 =
                        (ShortVector) IntVector.broadcast(I, xp[j + 1]).reinterpretShape(S16, 0);
                s00 = s00.add(m.mul(e10));
                s10 = s10.add(n.mul(e10));
                ShortVector e11 =
                        (ShortVector) IntVector.broadcast(I, xp[j + half + 1]).reinterpretShape(S16, 0);
                s01 = s01.add(m.mul(e11));
                s11 = s11.add(n.mul(e11));
                ShortVector e12 = (ShortVector)
                        IntVector.broadcast(I, xp[j + 2 * half + 1]).reinterpretShape(S16, 0);
                s02 = s02.add(m.mul(e12));
                s12 = s12.add(n.mul(e12));
                ShortVector e13 = (ShortVector)
                        IntVector.broadcast(I, xp[j + 3 * half + 1]).reinterpretShape(S16, 0);
                s03 = s03.add(m.mul(e13));
                s13 = s13.add(n.mul(e13));
                m = (ShortVector)
                        v.lanewise(VectorOperators.LSHR, 8).and(NIBBLES).reinterpretShape(S16, 0);
                n = (ShortVector)
                        u.lanewise(VectorOperators.LSHR, 8).and(NIBBLES).reinterpretShape(S16, 0);
                ShortVector e20 =
                        (ShortVector) IntVector.broadcast(I, xp[j + 2]).reinterpretShape(S16, 0);
                s00 = s00.add(m.mul(e20));
                s10 = s10.add(n.mul(e20));
                ShortVector e21 =
                        (ShortVector) IntVector.broadcast(I, xp[j + half + 2]).reinterpretShape(S16, 0);
                s01 = s01.add(m.mul(e21));
                s11 = s11.add(n.mul(e21));
                ShortVector e22 = (ShortVector)
                        IntVector.broadcast(I, xp[j + 2 * half + 2]).reinterpretShape(S16, 0);
                s02 = s02.add(m.mul(e22));
                s12 = s12.add(n.mul(e22));
                ShortVector e23 = (ShortVector)
                        IntVector.broadcast(I, xp[j + 3 * half + 2]).reinterpretShape(S16, 0);
                s03 = s03.add(m.mul(e23));
                s13 = s13.add(n.mul(e23));
                m = ((ShortVector) v.reinterpretShape(S16, 0)).lanewise(VectorOperators.LSHR, 12);
                n = ((ShortVector) u.reinterpretShape(S16, 0)).lanewise(VectorOperators.LSHR, 12);
                ShortVector e30 =
                        (ShortVector) IntVector.broadcast(I, xp[j + 3]).reinterpretShape(S16, 0);
                s00 = s00.add(m.mul(e30));
                s10 = s10.add(n.mul(e30));
                ShortVector e31 =
                        (ShortVector) IntVector.broadcast(I, xp[j + half + 3]).reinterpretShape(S16, 0);
                s01 = s01.add(m.mul(e31));
                s11 = s11.add(n.mul(e31));
                ShortVector e32 = (ShortVector)
                        IntVector.broadcast(I, xp[j + 2 * half + 3]).reinterpretShape(S16, 0);
                s02 = s02.add(m.mul(e32));
                s12 = s12.add(n.mul(e32));
                ShortVector e33 = (ShortVector)
                        IntVector.broadcast(I, xp[j + 3 * half + 3]).reinterpretShape(S16, 0);
                s03 = s03.add(m.mul(e33));
                s13 = s13.add(n.mul(e33));
            }
            FloatVector d0 = ((FloatVector)
                    ((IntVector) ShortVector.fromArray(H, scales, s).convertShape(VectorOperators.S2I, I, 0))
                            .lanewise(VectorOperators.LSHL, 13)
                            .and(F16Scales.MASK)
                            .reinterpretShape(F, 0));
            FloatVector d1 = ((FloatVector)
                    ((IntVector) ShortVector.fromArray(H, scales, s + sStride).convertShape(VectorOperators.S2I, I, 0))
                            .lanewise(VectorOperators.LSHL, 13)
                            .and(F16Scales.MASK)
                            .reinterpretShape(F, 0));
            IntVector t = (IntVector) s00.reinterpretShape(I, 0);
            ((FloatVector) t.lanewise(VectorOperators.ASHR, 16)
                            .add(t.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16))
                            .sub(8 * xsum[xs])
                            .convertShape(VectorOperators.I2F, F, 0))
                    .fma(d0.mul(xsc[xs] * unscale), FloatVector.fromArray(F, acc, 0))
                    .intoArray(acc, 0);
            t = (IntVector) s01.reinterpretShape(I, 0);
            ((FloatVector) t.lanewise(VectorOperators.ASHR, 16)
                            .add(t.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16))
                            .sub(8 * xsum[xs + blocks])
                            .convertShape(VectorOperators.I2F, F, 0))
                    .fma(d0.mul(xsc[xs + blocks] * unscale), FloatVector.fromArray(F, acc, 1 * ROWS))
                    .intoArray(acc, 1 * ROWS);
            t = (IntVector) s02.reinterpretShape(I, 0);
            ((FloatVector) t.lanewise(VectorOperators.ASHR, 16)
                            .add(t.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16))
                            .sub(8 * xsum[xs + 2 * blocks])
                            .convertShape(VectorOperators.I2F, F, 0))
                    .fma(d0.mul(xsc[xs + 2 * blocks] * unscale), FloatVector.fromArray(F, acc, 2 * ROWS))
                    .intoArray(acc, 2 * ROWS);
            t = (IntVector) s03.reinterpretShape(I, 0);
            ((FloatVector) t.lanewise(VectorOperators.ASHR, 16)
                            .add(t.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16))
                            .sub(8 * xsum[xs + 3 * blocks])
                            .convertShape(VectorOperators.I2F, F, 0))
                    .fma(d0.mul(xsc[xs + 3 * blocks] * unscale), FloatVector.fromArray(F, acc, 3 * ROWS))
                    .intoArray(acc, 3 * ROWS);
            t = (IntVector) s10.reinterpretShape(I, 0);
            ((FloatVector) t.lanewise(VectorOperators.ASHR, 16)
                            .add(t.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16))
                            .sub(8 * xsum[xs])
                            .convertShape(VectorOperators.I2F, F, 0))
                    .fma(d1.mul(xsc[xs] * unscale), FloatVector.fromArray(F, acc, 4 * ROWS))
                    .intoArray(acc, 4 * ROWS);
            t = (IntVector) s11.reinterpretShape(I, 0);
            ((FloatVector) t.lanewise(VectorOperators.ASHR, 16)
                            .add(t.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16))
                            .sub(8 * xsum[xs + blocks])
                            .convertShape(VectorOperators.I2F, F, 0))
                    .fma(d1.mul(xsc[xs + blocks] * unscale), FloatVector.fromArray(F, acc, 5 * ROWS))
                    .intoArray(acc, 5 * ROWS);
            t = (IntVector) s12.reinterpretShape(I, 0);
            ((FloatVector) t.lanewise(VectorOperators.ASHR, 16)
                            .add(t.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16))
                            .sub(8 * xsum[xs + 2 * blocks])
                            .convertShape(VectorOperators.I2F, F, 0))
                    .fma(d1.mul(xsc[xs + 2 * blocks] * unscale), FloatVector.fromArray(F, acc, 6 * ROWS))
                    .intoArray(acc, 6 * ROWS);
            t = (IntVector) s13.reinterpretShape(I, 0);
            ((FloatVector) t.lanewise(VectorOperators.ASHR, 16)
                            .add(t.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16))
                            .sub(8 * xsum[xs + 3 * blocks])
                            .convertShape(VectorOperators.I2F, F, 0))
                    .fma(d1.mul(xsc[xs + 3 * blocks] * unscale), FloatVector.fromArray(F, acc, 7 * ROWS))
                    .intoArray(acc, 7 * ROWS);
        }
        Panels.store(FloatVector.fromArray(F, acc, 0), out, b * os, p, r0, r1);
        Panels.store(FloatVector.fromArray(F, acc, 1 * ROWS), out, (b + 1) * os, p, r0, r1);
        Panels.store(FloatVector.fromArray(F, acc, 2 * ROWS), out, (b + 2) * os, p, r0, r1);
        Panels.store(FloatVector.fromArray(F, acc, 3 * ROWS), out, (b + 3) * os, p, r0, r1);
        Panels.store(FloatVector.fromArray(F, acc, 4 * ROWS), out, b * os, p + 1, r0, r1);
        Panels.store(FloatVector.fromArray(F, acc, 5 * ROWS), out, (b + 1) * os, p + 1, r0, r1);
        Panels.store(FloatVector.fromArray(F, acc, 6 * ROWS), out, (b + 2) * os, p + 1, r0, r1);
        Panels.store(FloatVector.fromArray(F, acc, 7 * ROWS), out, (b + 3) * os, p + 1, r0, r1);
    }

    /** Panels {@code p .. p+3} against input {@code b}: one broadcast of each input pair serves four panels. */
    @Override
    public void dot4x1(int p, Activations in, int b, float[] out, int os, int r0, int r1) {
        Activations.Q8 x = in.q8();
        int[] xp = x.pairs(), xsum = x.sums();
        float[] xsc = x.scales();
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        int stride = blocks * PANEL_BLOCK, sStride = blocks * ROWS;
        int q = p * stride, s = p * sStride, j = b * cols / 2, xs = b * blocks;
        for (int blk = 0; blk < blocks; blk++, s += ROWS, xs++) {
            ShortVector s0 = (ShortVector) IntVector.zero(I).reinterpretShape(S16, 0), s1 = s0, s2 = s0, s3 = s0;
            for (int c = 0; c < CHUNKS; c++, q += CHUNK, j += 4) {
                ShortVector e0 = (ShortVector) IntVector.broadcast(I, xp[j]).reinterpretShape(S16, 0);
                ShortVector e1 = (ShortVector) IntVector.broadcast(I, xp[j + 1]).reinterpretShape(S16, 0);
                ShortVector e2 = (ShortVector) IntVector.broadcast(I, xp[j + 2]).reinterpretShape(S16, 0);
                ShortVector e3 = (ShortVector) IntVector.broadcast(I, xp[j + 3]).reinterpretShape(S16, 0);
                IntVector v = IntVector.fromArray(I, quants, q);
                s0 = s0.add(((ShortVector) v.and(NIBBLES).reinterpretShape(S16, 0)).mul(e0))
                        .add(((ShortVector) v.lanewise(VectorOperators.LSHR, 4)
                                        .and(NIBBLES)
                                        .reinterpretShape(S16, 0))
                                .mul(e1))
                        .add(((ShortVector) v.lanewise(VectorOperators.LSHR, 8)
                                        .and(NIBBLES)
                                        .reinterpretShape(S16, 0))
                                .mul(e2))
                        .add(((ShortVector) v.reinterpretShape(S16, 0))
                                .lanewise(VectorOperators.LSHR, 12)
                                .mul(e3));
                v = IntVector.fromArray(I, quants, q + stride);
                s1 = s1.add(((ShortVector) v.and(NIBBLES).reinterpretShape(S16, 0)).mul(e0))
                        .add(((ShortVector) v.lanewise(VectorOperators.LSHR, 4)
                                        .and(NIBBLES)
                                        .reinterpretShape(S16, 0))
                                .mul(e1))
                        .add(((ShortVector) v.lanewise(VectorOperators.LSHR, 8)
                                        .and(NIBBLES)
                                        .reinterpretShape(S16, 0))
                                .mul(e2))
                        .add(((ShortVector) v.reinterpretShape(S16, 0))
                                .lanewise(VectorOperators.LSHR, 12)
                                .mul(e3));
                v = IntVector.fromArray(I, quants, q + 2 * stride);
                s2 = s2.add(((ShortVector) v.and(NIBBLES).reinterpretShape(S16, 0)).mul(e0))
                        .add(((ShortVector) v.lanewise(VectorOperators.LSHR, 4)
                                        .and(NIBBLES)
                                        .reinterpretShape(S16, 0))
                                .mul(e1))
                        .add(((ShortVector) v.lanewise(VectorOperators.LSHR, 8)
                                        .and(NIBBLES)
                                        .reinterpretShape(S16, 0))
                                .mul(e2))
                        .add(((ShortVector) v.reinterpretShape(S16, 0))
                                .lanewise(VectorOperators.LSHR, 12)
                                .mul(e3));
                v = IntVector.fromArray(I, quants, q + 3 * stride);
                s3 = s3.add(((ShortVector) v.and(NIBBLES).reinterpretShape(S16, 0)).mul(e0))
                        .add(((ShortVector) v.lanewise(VectorOperators.LSHR, 4)
                                        .and(NIBBLES)
                                        .reinterpretShape(S16, 0))
                                .mul(e1))
                        .add(((ShortVector) v.lanewise(VectorOperators.LSHR, 8)
                                        .and(NIBBLES)
                                        .reinterpretShape(S16, 0))
                                .mul(e2))
                        .add(((ShortVector) v.reinterpretShape(S16, 0))
                                .lanewise(VectorOperators.LSHR, 12)
                                .mul(e3));
            }
            float dx = xsc[xs] * unscale;
            int bias = 8 * xsum[xs];
            IntVector t = (IntVector) s0.reinterpretShape(I, 0);
            a0 = ((FloatVector) t.lanewise(VectorOperators.ASHR, 16)
                            .add(t.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16))
                            .sub(bias)
                            .convertShape(VectorOperators.I2F, F, 0))
                    .fma(
                            ((FloatVector) ((IntVector) ShortVector.fromArray(H, scales, s)
                                                    .convertShape(VectorOperators.S2I, I, 0))
                                            .lanewise(VectorOperators.LSHL, 13)
                                            .and(F16Scales.MASK)
                                            .reinterpretShape(F, 0))
                                    .mul(dx),
                            a0);
            t = (IntVector) s1.reinterpretShape(I, 0);
            a1 = ((FloatVector) t.lanewise(VectorOperators.ASHR, 16)
                            .add(t.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16))
                            .sub(bias)
                            .convertShape(VectorOperators.I2F, F, 0))
                    .fma(
                            ((FloatVector) ((IntVector) ShortVector.fromArray(H, scales, s + sStride)
                                                    .convertShape(VectorOperators.S2I, I, 0))
                                            .lanewise(VectorOperators.LSHL, 13)
                                            .and(F16Scales.MASK)
                                            .reinterpretShape(F, 0))
                                    .mul(dx),
                            a1);
            t = (IntVector) s2.reinterpretShape(I, 0);
            a2 = ((FloatVector) t.lanewise(VectorOperators.ASHR, 16)
                            .add(t.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16))
                            .sub(bias)
                            .convertShape(VectorOperators.I2F, F, 0))
                    .fma(
                            ((FloatVector) ((IntVector) ShortVector.fromArray(H, scales, s + 2 * sStride)
                                                    .convertShape(VectorOperators.S2I, I, 0))
                                            .lanewise(VectorOperators.LSHL, 13)
                                            .and(F16Scales.MASK)
                                            .reinterpretShape(F, 0))
                                    .mul(dx),
                            a2);
            t = (IntVector) s3.reinterpretShape(I, 0);
            a3 = ((FloatVector) t.lanewise(VectorOperators.ASHR, 16)
                            .add(t.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16))
                            .sub(bias)
                            .convertShape(VectorOperators.I2F, F, 0))
                    .fma(
                            ((FloatVector) ((IntVector) ShortVector.fromArray(H, scales, s + 3 * sStride)
                                                    .convertShape(VectorOperators.S2I, I, 0))
                                            .lanewise(VectorOperators.LSHL, 13)
                                            .and(F16Scales.MASK)
                                            .reinterpretShape(F, 0))
                                    .mul(dx),
                            a3);
        }
        Panels.store(a0, out, b * os, p, r0, r1);
        Panels.store(a1, out, b * os, p + 1, r0, r1);
        Panels.store(a2, out, b * os, p + 2, r0, r1);
        Panels.store(a3, out, b * os, p + 3, r0, r1);
    }
}
