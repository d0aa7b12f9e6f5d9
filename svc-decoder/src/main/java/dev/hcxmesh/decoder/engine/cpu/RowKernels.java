package dev.hcxmesh.decoder.engine.cpu;

/**
 * The batched row loop every {@link Matrix} format shares. Formats supply three kernels that all
 * accumulate one output element in the same order (two 16-lane accumulators over 32-column blocks,
 * added and reduced at the end), so a result never depends on the batch size, on the row range a
 * thread was given, or on which kernel computed it.
 */
interface RowKernels {

    /** One input {@code x[x0 .. x0+cols)} against row {@code r}. */
    float dot1(int r, float[] x, int x0);

    /** Inputs {@code b .. b+3} against row {@code r}: the row is decoded once per block. */
    void dot4(int r, float[] x, int b, float[] out, int os);

    /**
     * Inputs {@code b .. b+3} against rows {@code r, r+1}: each input block is loaded once for two
     * rows, halving activation loads per FMA (the batch-8 and prefill case, which is compute bound).
     */
    void dot2x4(int r, float[] x, int b, float[] out, int os);

    int cols();

    /** {@link Matrix#matmul}: 2x4 register tiles where the batch allows, then the remainders. */
    default void rowsTimesInputs(float[] x, int n, float[] out, int os, int r0, int r1) {
        int r = r0;
        if (n >= 4) {
            for (; r + 2 <= r1; r += 2) {
                int b = 0;
                for (; b + 4 <= n; b += 4) {
                    dot2x4(r, x, b, out, os);
                }
                for (; b < n; b++) {
                    out[b * os + r] = dot1(r, x, b * cols());
                    out[b * os + r + 1] = dot1(r + 1, x, b * cols());
                }
            }
        }
        for (; r < r1; r++) {
            int b = 0;
            for (; b + 4 <= n; b += 4) {
                dot4(r, x, b, out, os);
            }
            for (; b < n; b++) {
                out[b * os + r] = dot1(r, x, b * cols());
            }
        }
    }
}
