package dev.hcxmesh.model.image;

/**
 * Pillow's {@code Image.resize((w, h), filter)} for 8-bit RGB, reproduced byte for byte
 * (libImaging {@code Resample.c} semantics, Pillow 9.x–11.x):
 *
 * <ul>
 *   <li>separable: a horizontal pass (only over the source rows the vertical pass will read), then a
 *       vertical pass; a pass is skipped when its dimension is unchanged, and an unchanged size
 *       returns a copy;
 *   <li>per output pixel: {@code center = (i + 0.5) · scale}, support {@code = filter.support ·
 *       max(scale, 1)} (antialiasing on downscale), taps {@code [(int)(center − support + 0.5),
 *       (int)(center + support + 0.5))} clipped to the source, weights {@code filter((x − center +
 *       0.5) / max(scale, 1))} normalised to sum 1 in double;
 *   <li>weights converted to fixed point with {@value #PRECISION_BITS} fractional bits, rounded half
 *       away from zero; int accumulation starting at one half; each pass clips to 0..255.
 * </ul>
 *
 * <p>Java doubles are IEEE binary64 like the C build, and the kernel expressions keep Pillow's
 * operation order; Lanczos uses {@link StrictMath#sin} (fdlibm, correctly rounded in practice).
 */
public final class PillowResampler {
    private PillowResampler() {}

    /** Fractional bits of the fixed-point weights: 32 − 8 − 2. */
    public static final int PRECISION_BITS = 22;

    /** Resampling kernels (the two HCX uses). */
    public enum Filter {
        /** Keys cubic, a = −0.5, support 2 (PIL {@code BICUBIC} = 3). */
        BICUBIC(2.0),
        /** Lanczos-3, support 3 (PIL {@code LANCZOS} = 1). */
        LANCZOS(3.0);

        private final double support;

        Filter(double support) {
            this.support = support;
        }

        /** Kernel half-width in source pixels at scale 1. */
        public double support() {
            return support;
        }

        /** The kernel value at {@code x}. */
        public double weight(double x) {
            return switch (this) {
                case BICUBIC -> bicubic(x);
                case LANCZOS -> lanczos(x);
            };
        }

        private static double bicubic(double x) {
            final double a = -0.5;
            if (x < 0.0) {
                x = -x;
            }
            if (x < 1.0) {
                return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
            }
            if (x < 2.0) {
                return (((x - 5) * x + 8) * x - 4) * a;
            }
            return 0.0;
        }

        private static double sinc(double x) {
            if (x == 0.0) {
                return 1.0;
            }
            x = x * Math.PI;
            return StrictMath.sin(x) / x;
        }

        private static double lanczos(double x) {
            if (-3.0 <= x && x < 3.0) {
                return sinc(x) * sinc(x / 3);
            }
            return 0.0;
        }
    }

    /**
     * Fixed-point taps of one resampling direction.
     *
     * @param ksize stride of {@link #weights} per output pixel
     * @param first first source index per output pixel
     * @param count taps per output pixel
     * @param weights {@code [outSize, ksize]} fixed-point weights
     */
    record Taps(int ksize, int[] first, int[] count, int[] weights) {}

    /** {@code precompute_coeffs} + {@code normalize_coeffs_8bpc} for one axis. */
    static Taps taps(int inSize, int outSize, Filter filter) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = filter.support() * filterScale;
        int ksize = (int) Math.ceil(support) * 2 + 1;
        int[] first = new int[outSize];
        int[] count = new int[outSize];
        int[] fixed = new int[Math.multiplyExact(outSize, ksize)];
        double[] k = new double[ksize];
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            double ss = 1.0 / filterScale;
            int xmin = (int) (center - support + 0.5);
            if (xmin < 0) {
                xmin = 0;
            }
            int xmax = (int) (center + support + 0.5);
            if (xmax > inSize) {
                xmax = inSize;
            }
            xmax -= xmin;
            double ww = 0.0;
            for (int x = 0; x < xmax; x++) {
                double w = filter.weight((x + xmin - center + 0.5) * ss);
                k[x] = w;
                ww += w;
            }
            for (int x = 0; x < xmax; x++) {
                double w = ww != 0.0 ? k[x] / ww : k[x];
                fixed[xx * ksize + x] =
                        w < 0 ? (int) (-0.5 + w * (1 << PRECISION_BITS)) : (int) (0.5 + w * (1 << PRECISION_BITS));
            }
            first[xx] = xmin;
            count[xx] = xmax;
        }
        return new Taps(ksize, first, count, fixed);
    }

    private static int clip8(int acc) {
        int v = acc >> PRECISION_BITS;
        return v < 0 ? 0 : (v > 255 ? 255 : v);
    }

    /** Resizes {@code src} to {@code width}×{@code height} exactly as Pillow does for mode RGB. */
    public static RgbImage resize(RgbImage src, int width, int height, Filter filter) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("target size must be positive, got " + width + "x" + height);
        }
        boolean horizontal = width != src.width();
        boolean vertical = height != src.height();
        if (!horizontal && !vertical) {
            return new RgbImage(width, height, src.rgb().clone());
        }
        Taps vTaps = taps(src.height(), height, filter);
        int rowFirst = 0;
        int rowEnd = src.height();
        if (vertical) {
            rowFirst = vTaps.first[0];
            rowEnd = vTaps.first[height - 1] + vTaps.count[height - 1];
        }
        byte[] cur = src.rgb();
        int curW = src.width();
        int curH = src.height();
        if (horizontal) {
            cur = horizontalPass(cur, curW, rowFirst, rowEnd - rowFirst, taps(curW, width, filter), width);
            curW = width;
            curH = rowEnd - rowFirst;
        }
        if (vertical) {
            cur = verticalPass(cur, curW, horizontal ? rowFirst : 0, vTaps, height);
            curH = height;
        }
        return new RgbImage(curW, curH, cur);
    }

    // in: [*, inW, 3] rows rowFirst..rowFirst+rows; out: [rows, outW, 3]
    private static byte[] horizontalPass(byte[] in, int inW, int rowFirst, int rows, Taps t, int outW) {
        byte[] out = new byte[rows * outW * 3];
        int half = 1 << (PRECISION_BITS - 1);
        for (int yy = 0; yy < rows; yy++) {
            int inRow = (yy + rowFirst) * inW * 3;
            int outRow = yy * outW * 3;
            for (int xx = 0; xx < outW; xx++) {
                int base = inRow + t.first[xx] * 3;
                int kOff = xx * t.ksize;
                int n = t.count[xx];
                int s0 = half;
                int s1 = half;
                int s2 = half;
                for (int x = 0; x < n; x++) {
                    int w = t.weights[kOff + x];
                    int p = base + x * 3;
                    s0 += (in[p] & 0xFF) * w;
                    s1 += (in[p + 1] & 0xFF) * w;
                    s2 += (in[p + 2] & 0xFF) * w;
                }
                int o = outRow + xx * 3;
                out[o] = (byte) clip8(s0);
                out[o + 1] = (byte) clip8(s1);
                out[o + 2] = (byte) clip8(s2);
            }
        }
        return out;
    }

    // in: [*, w, 3] (source row r is in row r - shift); out: [outH, w, 3]
    private static byte[] verticalPass(byte[] in, int w, int shift, Taps t, int outH) {
        int rowBytes = w * 3;
        byte[] out = new byte[outH * rowBytes];
        int half = 1 << (PRECISION_BITS - 1);
        int[] acc = new int[rowBytes];
        for (int yy = 0; yy < outH; yy++) {
            java.util.Arrays.fill(acc, half);
            int kOff = yy * t.ksize;
            int y0 = t.first[yy] - shift;
            int n = t.count[yy];
            for (int y = 0; y < n; y++) {
                int wgt = t.weights[kOff + y];
                int row = (y0 + y) * rowBytes;
                for (int i = 0; i < rowBytes; i++) {
                    acc[i] += (in[row + i] & 0xFF) * wgt;
                }
            }
            int o = yy * rowBytes;
            for (int i = 0; i < rowBytes; i++) {
                out[o + i] = (byte) clip8(acc[i]);
            }
        }
        return out;
    }
}
