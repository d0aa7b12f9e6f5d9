package dev.hcxmesh.ocrlens.video;

import java.util.Arrays;

/**
 * Difference hash of a grey image: the image is box-averaged to {@code (cols + 1) x rows} cells and bit
 * {@code r * cols + c} is set when cell (r, c) is darker than cell (r, c + 1). Near-identical images differ
 * in few bits ({@link #distance}). Bands use a wide grid (64 x 8) so that a changed word flips many bits.
 */
public record DHash(int cols, int rows, long[] bits) {

    public DHash {
        if (cols < 1 || rows < 1) {
            throw new IllegalArgumentException("grid must be positive, found " + cols + "x" + rows);
        }
        if (bits.length != (cols * rows + 63) / 64) {
            throw new IllegalArgumentException(
                    "bits: expected " + (cols * rows + 63) / 64 + " longs, found " + bits.length);
        }
        bits = bits.clone();
    }

    /** Hash of the {@code [h * w]} grey image. */
    public static DHash of(byte[] gray, int width, int height, int cols, int rows) {
        int cw = cols + 1;
        double[] cell = new double[cw * rows]; // [rows, cols + 1]
        for (int r = 0; r < rows; r++) {
            int y0 = r * height / rows;
            int y1 = Math.max(y0 + 1, (r + 1) * height / rows);
            for (int c = 0; c < cw; c++) {
                int x0 = c * width / cw;
                int x1 = Math.max(x0 + 1, (c + 1) * width / cw);
                long s = 0;
                for (int y = y0; y < Math.min(y1, height); y++) {
                    for (int x = x0; x < Math.min(x1, width); x++) {
                        s += gray[y * width + x] & 0xFF;
                    }
                }
                cell[r * cw + c] = s / (double) ((y1 - y0) * (x1 - x0));
            }
        }
        long[] bits = new long[(cols * rows + 63) / 64];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (cell[r * cw + c] < cell[r * cw + c + 1]) {
                    int i = r * cols + c;
                    bits[i >>> 6] |= 1L << (i & 63);
                }
            }
        }
        return new DHash(cols, rows, bits);
    }

    /** Number of differing bits; {@link Integer#MAX_VALUE} when the grids differ. */
    public int distance(DHash other) {
        if (other.cols != cols || other.rows != rows) {
            return Integer.MAX_VALUE;
        }
        int d = 0;
        for (int i = 0; i < bits.length; i++) {
            d += Long.bitCount(bits[i] ^ other.bits[i]);
        }
        return d;
    }

    public int size() {
        return cols * rows;
    }

    @Override
    public long[] bits() {
        return bits.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DHash h && h.cols == cols && h.rows == rows && Arrays.equals(h.bits, bits);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * cols + rows) + Arrays.hashCode(bits);
    }
}
