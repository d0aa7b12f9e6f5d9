package dev.hcxmesh.ocrlens.video;

/**
 * Grey to black-on-white binarisation before OCR (Tesseract is trained on dark text on a light ground).
 * Output pixels are 0 (text) or 255 (ground). Polarity: the class with fewer pixels is taken as text, so
 * white subtitles on a dark band come out black on white.
 */
public final class Binarizer {

    private Binarizer() {}

    /** Otsu's global threshold: the t maximising the between-class variance of the histogram. */
    public static int otsuThreshold(byte[] gray) {
        long[] hist = new long[256];
        for (byte b : gray) {
            hist[b & 0xFF]++;
        }
        long total = gray.length;
        double sumAll = 0;
        for (int i = 0; i < 256; i++) {
            sumAll += i * (double) hist[i];
        }
        double sumB = 0;
        long wB = 0;
        double best = -1;
        int threshold = 127;
        for (int t = 0; t < 256; t++) {
            wB += hist[t];
            if (wB == 0) {
                continue;
            }
            long wF = total - wB;
            if (wF == 0) {
                break;
            }
            sumB += t * (double) hist[t];
            double mB = sumB / wB;
            double mF = (sumAll - sumB) / wF;
            double between = (double) wB * wF * (mB - mF) * (mB - mF);
            if (between > best) {
                best = between;
                threshold = t;
            }
        }
        return threshold;
    }

    /** Otsu binarisation, minority class as black text. {@code [h * w]} in, {@code [h * w]} out. */
    public static byte[] otsu(byte[] gray) {
        int t = otsuThreshold(gray);
        boolean[] dark = new boolean[gray.length];
        int darkCount = 0;
        for (int i = 0; i < gray.length; i++) {
            dark[i] = (gray[i] & 0xFF) <= t;
            if (dark[i]) {
                darkCount++;
            }
        }
        return polarise(dark, darkCount);
    }

    /**
     * Sauvola's local threshold {@code T = m * (1 + k * (s / 128 - 1))} over a {@code window x window}
     * neighbourhood (mean m, standard deviation s; integral images, O(1) per pixel), minority class as text.
     * Typical: window 25, k 0.2-0.35.
     */
    public static byte[] sauvola(byte[] gray, int width, int height, int window, double k) {
        if (gray.length != width * height) {
            throw new IllegalArgumentException("gray length: expected " + width * height + ", found " + gray.length);
        }
        if (window < 3 || window % 2 == 0) {
            throw new IllegalArgumentException("window must be odd and >= 3, found " + window);
        }
        long[] sum = new long[(width + 1) * (height + 1)]; // [(h + 1), (w + 1)]
        long[] sq = new long[(width + 1) * (height + 1)];
        for (int y = 0; y < height; y++) {
            long rs = 0;
            long rq = 0;
            for (int x = 0; x < width; x++) {
                int v = gray[y * width + x] & 0xFF;
                rs += v;
                rq += (long) v * v;
                int o = (y + 1) * (width + 1) + x + 1;
                sum[o] = sum[o - width - 1] + rs;
                sq[o] = sq[o - width - 1] + rq;
            }
        }
        int r = window / 2;
        boolean[] dark = new boolean[gray.length];
        int darkCount = 0;
        for (int y = 0; y < height; y++) {
            int y0 = Math.max(0, y - r);
            int y1 = Math.min(height, y + r + 1);
            for (int x = 0; x < width; x++) {
                int x0 = Math.max(0, x - r);
                int x1 = Math.min(width, x + r + 1);
                long n = (long) (y1 - y0) * (x1 - x0);
                long s = rect(sum, width, x0, y0, x1, y1);
                long q = rect(sq, width, x0, y0, x1, y1);
                double mean = s / (double) n;
                double std = Math.sqrt(Math.max(0, q / (double) n - mean * mean));
                double t = mean * (1 + k * (std / 128 - 1));
                dark[y * width + x] = (gray[y * width + x] & 0xFF) <= t;
                if (dark[y * width + x]) {
                    darkCount++;
                }
            }
        }
        return polarise(dark, darkCount);
    }

    private static long rect(long[] ii, int width, int x0, int y0, int x1, int y1) {
        int w1 = width + 1;
        return ii[y1 * w1 + x1] - ii[y0 * w1 + x1] - ii[y1 * w1 + x0] + ii[y0 * w1 + x0];
    }

    private static byte[] polarise(boolean[] dark, int darkCount) {
        boolean textIsDark = darkCount * 2 <= dark.length;
        byte[] out = new byte[dark.length];
        for (int i = 0; i < dark.length; i++) {
            out[i] = dark[i] == textIsDark ? 0 : (byte) 255;
        }
        return out;
    }

    /** Bilinear up-scaling by an integer factor (small subtitles read better at ~30-40 px line height). */
    public static byte[] upscale(byte[] gray, int width, int height, int factor) {
        if (factor == 1) {
            return gray.clone();
        }
        int w2 = width * factor;
        int h2 = height * factor;
        byte[] out = new byte[w2 * h2]; // [h * f, w * f]
        for (int y = 0; y < h2; y++) {
            double sy = Math.max(0, (y + 0.5) / factor - 0.5);
            int y0 = Math.min(height - 1, (int) sy);
            int y1 = Math.min(height - 1, y0 + 1);
            double fy = sy - y0;
            for (int x = 0; x < w2; x++) {
                double sx = Math.max(0, (x + 0.5) / factor - 0.5);
                int x0 = Math.min(width - 1, (int) sx);
                int x1 = Math.min(width - 1, x0 + 1);
                double fx = sx - x0;
                double top = (gray[y0 * width + x0] & 0xFF) * (1 - fx) + (gray[y0 * width + x1] & 0xFF) * fx;
                double bot = (gray[y1 * width + x0] & 0xFF) * (1 - fx) + (gray[y1 * width + x1] & 0xFF) * fx;
                out[y * w2 + x] = (byte) Math.round(top * (1 - fy) + bot * fy);
            }
        }
        return out;
    }
}
