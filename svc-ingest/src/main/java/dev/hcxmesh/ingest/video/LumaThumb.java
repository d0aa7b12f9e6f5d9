package dev.hcxmesh.ingest.video;

/**
 * A tiny luma thumbnail of a decoded frame, {@value #WIDTH}×{@value #HEIGHT}, the input of scene-cut
 * detection and perceptual hashing (so neither needs the full RGB frame).
 *
 * @param luma {@code [HEIGHT, WIDTH]} 8-bit luma, row-major
 */
public record LumaThumb(byte[] luma) {
    public static final int WIDTH = 64;
    public static final int HEIGHT = 36;
    /** Histogram bins for the scene-cut distance. */
    public static final int BINS = 32;

    public LumaThumb {
        if (luma.length != WIDTH * HEIGHT) {
            throw new IllegalArgumentException("thumb: expected " + WIDTH * HEIGHT + " bytes, found " + luma.length);
        }
    }

    /**
     * Box-averages an 8-bit luma plane into a thumbnail.
     *
     * @param plane accessor of the source plane
     * @param width source width
     * @param height source height
     */
    public static LumaThumb fromPlane(PlaneReader plane, int width, int height) {
        byte[] out = new byte[WIDTH * HEIGHT];
        // sample at most 4×4 points per cell: enough for histograms, cheap on 4K
        for (int ty = 0; ty < HEIGHT; ty++) {
            int y0 = ty * height / HEIGHT;
            int y1 = Math.max(y0 + 1, (ty + 1) * height / HEIGHT);
            int ys = Math.max(1, (y1 - y0) / 4);
            for (int tx = 0; tx < WIDTH; tx++) {
                int x0 = tx * width / WIDTH;
                int x1 = Math.max(x0 + 1, (tx + 1) * width / WIDTH);
                int xs = Math.max(1, (x1 - x0) / 4);
                int sum = 0;
                int n = 0;
                for (int y = y0; y < y1 && y < height; y += ys) {
                    for (int x = x0; x < x1 && x < width; x += xs) {
                        sum += plane.at(x, y);
                        n++;
                    }
                }
                out[ty * WIDTH + tx] = (byte) (n == 0 ? 0 : sum / n);
            }
        }
        return new LumaThumb(out);
    }

    /** Thumbnail of a packed RGB24 image (BT.601 luma). */
    public static LumaThumb fromRgb(byte[] rgb, int width, int height) {
        return fromPlane(
                (x, y) -> {
                    int i = (y * width + x) * 3;
                    return (77 * (rgb[i] & 0xFF) + 150 * (rgb[i + 1] & 0xFF) + 29 * (rgb[i + 2] & 0xFF)) >> 8;
                },
                width,
                height);
    }

    /** Reads one 8-bit sample of a plane. */
    @FunctionalInterface
    public interface PlaneReader {
        int at(int x, int y);
    }

    /** Normalised luma histogram, {@value #BINS} bins summing to 1. */
    public double[] histogram() {
        double[] h = new double[BINS];
        for (byte b : luma) {
            h[(b & 0xFF) * BINS / 256]++;
        }
        for (int i = 0; i < BINS; i++) {
            h[i] /= luma.length;
        }
        return h;
    }

    /** Half the L1 distance of the two histograms: 0 identical, 1 disjoint. */
    public static double histogramDistance(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += Math.abs(a[i] - b[i]);
        }
        return d / 2;
    }

    /** Mean luma, 0..255. */
    public double mean() {
        long sum = 0;
        for (byte b : luma) {
            sum += b & 0xFF;
        }
        return (double) sum / luma.length;
    }

    /**
     * 64-bit difference hash (dHash): the thumbnail box-averaged to 9×8, one bit per horizontal
     * neighbour pair, set when the left cell is brighter.
     */
    public long dHash() {
        long hash = 0;
        for (int r = 0; r < 8; r++) {
            int y0 = r * HEIGHT / 8;
            int y1 = (r + 1) * HEIGHT / 8;
            int prev = -1;
            for (int c = 0; c < 9; c++) {
                int x0 = c * WIDTH / 9;
                int x1 = (c + 1) * WIDTH / 9;
                int sum = 0;
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        sum += luma[y * WIDTH + x] & 0xFF;
                    }
                }
                int avg = sum / ((y1 - y0) * (x1 - x0));
                if (c > 0) {
                    hash = (hash << 1) | (prev > avg ? 1 : 0);
                }
                prev = avg;
            }
        }
        return hash;
    }
}
