package dev.hcxmesh.ingest.video;

/**
 * Shot-boundary detection from consecutive luma-histogram distances with an adaptive threshold: a
 * cut is declared when the distance exceeds both {@code minDistance} and {@code mean + k·std} of the
 * recent non-cut distances, and at least {@code minSceneMs} passed since the previous cut (so a
 * flash or dissolve does not fire twice). Not thread-safe: one per stream.
 */
public final class SceneCutDetector {

    /**
     * @param minDistance absolute floor on the histogram distance (0..1)
     * @param sigmas k in mean + k·std
     * @param window recent distances kept for the adaptive statistics
     * @param minSceneMs minimum time between two cuts
     */
    public record Config(double minDistance, double sigmas, int window, long minSceneMs) {
        public Config {
            if (!(minDistance > 0 && minDistance < 1)) {
                throw new IllegalArgumentException("minDistance must be in (0, 1), got " + minDistance);
            }
            if (sigmas < 0 || window < 2 || minSceneMs < 0) {
                throw new IllegalArgumentException("need sigmas >= 0, window >= 2, minSceneMs >= 0; got " + sigmas
                        + ", " + window + ", " + minSceneMs);
            }
        }

        /** 0.35 floor, 4σ, 30-frame window, 400 ms minimum shot. */
        public static Config defaults() {
            return new Config(0.35, 4.0, 30, 400);
        }
    }

    private final Config config;
    private final double[] recent;
    private int count;
    private int next;
    private double[] previous;
    private long lastCutMs = Long.MIN_VALUE / 2;

    public SceneCutDetector(Config config) {
        this.config = config;
        this.recent = new double[config.window()];
    }

    /** Feeds the next frame; true when a cut lies between the previous frame and this one. */
    public boolean accept(LumaThumb thumb, long ptsMs) {
        double[] h = thumb.histogram();
        double[] prev = previous;
        previous = h;
        if (prev == null) {
            return false;
        }
        double d = LumaThumb.histogramDistance(prev, h);
        double threshold = config.minDistance();
        if (count >= 3) {
            double mean = 0;
            for (int i = 0; i < count; i++) {
                mean += recent[i];
            }
            mean /= count;
            double var = 0;
            for (int i = 0; i < count; i++) {
                var += (recent[i] - mean) * (recent[i] - mean);
            }
            threshold = Math.max(threshold, mean + config.sigmas() * Math.sqrt(var / count));
        }
        boolean cut = d > threshold && ptsMs - lastCutMs >= config.minSceneMs();
        if (cut) {
            lastCutMs = ptsMs;
        } else {
            recent[next] = d;
            next = (next + 1) % recent.length;
            count = Math.min(count + 1, recent.length);
        }
        return cut;
    }
}
