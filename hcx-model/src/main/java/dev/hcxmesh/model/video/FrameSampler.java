package dev.hcxmesh.model.video;

/**
 * Which decoded frames of a video become model input. Pure functions over frame counts and rates.
 *
 * <p><b>Policy.</b> The reference loaders sample uniformly: vLLM's video loader and transformers'
 * {@code load_video} take {@code numpy.linspace(0, total − 1, n)} cast to int (truncation). The HCX
 * card quotes 108 frames as its example budget, so the default is at most {@value
 * #DEFAULT_MAX_FRAMES} frames: {@value #DEFAULT_MAX_FRAMES} frames fill 12 canvases of 9 and cost
 * {@code VisualTokens.videoTokens(108) = 1836} placeholder tokens (HCX-MODEL-SPEC §5; the card's
 * "1856" cannot come out of the token formula). The fps mode samples at a target rate (default
 * {@value #DEFAULT_FPS} frame/s) and, when that exceeds the cap, falls back to uniform sampling of
 * the cap, so a long video never exceeds the budget and a short one is not over-sampled.
 */
public final class FrameSampler {
    private FrameSampler() {}

    /** Most frames per video by default (the card's 108). */
    public static final int DEFAULT_MAX_FRAMES = 108;

    /** Default sampling rate of the fps mode, frames per second. */
    public static final double DEFAULT_FPS = 1.0;

    /**
     * {@code n} frame indices spread uniformly over {@code [0, totalFrames)}: {@code (int)(i · (total
     * − 1) / (n − 1))}, numpy {@code linspace(0, total − 1, n).astype(int)}. Fewer than {@code n}
     * frames available gives every frame once.
     */
    public static int[] uniform(int totalFrames, int n) {
        requirePositive(totalFrames, "totalFrames");
        requirePositive(n, "n");
        if (n >= totalFrames) {
            int[] all = new int[totalFrames];
            for (int i = 0; i < totalFrames; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] out = new int[n];
        if (n == 1) {
            return out;
        }
        double step = (double) (totalFrames - 1) / (n - 1);
        for (int i = 0; i < n; i++) {
            out[i] = (int) Math.min(totalFrames - 1, i * step);
        }
        out[n - 1] = totalFrames - 1;
        return out;
    }

    /**
     * {@code n} timestamps (seconds) spread uniformly over {@code [0, duration)}: the centres of
     * {@code n} equal slices, {@code (i + 0.5) · duration / n}, for decoders that seek by time.
     */
    public static double[] uniformTimestamps(double durationSeconds, int n) {
        if (!(durationSeconds > 0) || Double.isInfinite(durationSeconds)) {
            throw new IllegalArgumentException("duration must be a positive finite number, got " + durationSeconds);
        }
        requirePositive(n, "n");
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = (i + 0.5) * durationSeconds / n;
        }
        return out;
    }

    /**
     * Frames at {@code targetFps} from a stream at {@code videoFps}: frame {@code (int)(i · videoFps /
     * targetFps)} for every index below {@code totalFrames}; when that is more than {@code maxFrames},
     * {@link #uniform uniform}({@code totalFrames}, {@code maxFrames}) instead.
     */
    public static int[] atFps(int totalFrames, double videoFps, double targetFps, int maxFrames) {
        requirePositive(totalFrames, "totalFrames");
        requirePositive(maxFrames, "maxFrames");
        if (!(videoFps > 0) || !(targetFps > 0)) {
            throw new IllegalArgumentException("fps must be positive, got video " + videoFps + " target " + targetFps);
        }
        double step = videoFps / targetFps;
        long count = (long) Math.ceil(totalFrames / step);
        if (count > maxFrames) {
            return uniform(totalFrames, maxFrames);
        }
        int[] out = new int[(int) Math.max(1, count)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) Math.min(totalFrames - 1, (long) (i * step));
        }
        return out;
    }

    /** {@link #atFps} with the defaults (1 frame/s, at most 108 frames). */
    public static int[] defaults(int totalFrames, double videoFps) {
        return atFps(totalFrames, videoFps, DEFAULT_FPS, DEFAULT_MAX_FRAMES);
    }

    private static void requirePositive(int v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + v);
        }
    }
}
