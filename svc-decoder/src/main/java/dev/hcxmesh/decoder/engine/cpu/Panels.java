package dev.hcxmesh.decoder.engine.cpu;

import jdk.incubator.vector.FloatVector;

/**
 * The loop shared by the panel-layout formats (every {@link Matrix}). Their weights are stored in
 * panels of {@link #ROWS} rows (one float vector: 16 with AVX-512, 8 with AVX2), column-interleaved,
 * so one vector load holds one column of a panel; a kernel broadcasts an input value and accumulates
 * a panel's outputs at once, with no horizontal reduction and no activation loads per weight. Formats
 * supply three kernels (and may override a fourth, {@link #dot2x4}) that compute an output element
 * with the same operations in the same order, so results never depend on batch size, row split or
 * which kernel ran.
 *
 * <p>Kernels keep every vector inside one method body and write results with {@link #store}: C2
 * stops inlining once a method grows large, and a vector passed to or returned from a method it did
 * not inline is boxed on the heap, which in a hot loop costs 5-10x (measured).
 */
interface Panels {
    /** Rows per panel: one float vector of outputs ({@link Simd#LANES}). */
    int ROWS = Simd.LANES;

    /** Panel {@code p} against input {@code b}, rows outside {@code [r0, r1)} not written. */
    void dot1x1(int p, Activations in, int b, float[] out, int os, int r0, int r1);

    /** Panel {@code p} against inputs {@code b .. b+3}: the panel is decoded once for several inputs. */
    void dot1x4(int p, Activations in, int b, float[] out, int os, int r0, int r1);

    /**
     * Panels {@code p, p+1} against inputs {@code b .. b+3}; by default two {@link #dot1x4} calls. A
     * format whose inputs cost more to broadcast than its weights to decode shares each broadcast
     * between the two panels.
     */
    default void dot2x4(int p, Activations in, int b, float[] out, int os, int r0, int r1) {
        dot1x4(p, in, b, out, os, r0, r1);
        dot1x4(p + 1, in, b, out, os, r0, r1);
    }

    /** Panels {@code p .. p+3} against input {@code b}: independent chains for batch 1. */
    void dot4x1(int p, Activations in, int b, float[] out, int os, int r0, int r1);

    /** Rows {@code [r0, r1)} for every input; panels outer so a panel is re-read from cache, not memory. */
    default void panelsTimesInputs(Activations in, float[] out, int os, int r0, int r1) {
        int p1 = (r1 + ROWS - 1) / ROWS;
        for (int p = r0 / ROWS; p < p1; p += 4) {
            int np = Math.min(4, p1 - p);
            int b = 0;
            for (; b + 4 <= in.n; b += 4) {
                int q = p;
                for (; q + 2 <= p + np; q += 2) {
                    dot2x4(q, in, b, out, os, r0, r1);
                }
                if (q < p + np) {
                    dot1x4(q, in, b, out, os, r0, r1);
                }
            }
            for (; b < in.n; b++) {
                if (np == 4) {
                    dot4x1(p, in, b, out, os, r0, r1);
                } else {
                    for (int q = p; q < p + np; q++) {
                        dot1x1(q, in, b, out, os, r0, r1);
                    }
                }
            }
        }
    }

    /** Writes the lanes of panel {@code p} that fall in {@code [r0, r1)} to {@code out[off + row]}. */
    static void store(FloatVector v, float[] out, int off, int p, int r0, int r1) {
        int base = p * ROWS;
        if (base >= r0 && base + ROWS <= r1) {
            v.intoArray(out, off + base);
        } else {
            float[] lanes = v.toArray();
            for (int r = Math.max(r0, base); r < Math.min(r1, base + ROWS); r++) {
                out[off + r] = lanes[r - base];
            }
        }
    }

    /** Panels needed for {@code rows} (the last one padded with zero rows). */
    static int panels(int rows) {
        return (rows + ROWS - 1) / ROWS;
    }
}
