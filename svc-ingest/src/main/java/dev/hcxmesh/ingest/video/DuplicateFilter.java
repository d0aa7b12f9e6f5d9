package dev.hcxmesh.ingest.video;

/**
 * Near-duplicate frame filter: a frame is a duplicate when its dHash is within {@code maxHamming}
 * bits of one of the last {@code window} kept frames and its mean luma within {@code maxLumaDelta}
 * (dHash alone cannot tell two flat slates of different brightness apart). Static slates and
 * re-broadcast stretches then cost nothing downstream. Not thread-safe: one per stream.
 */
public final class DuplicateFilter {
    private final int maxHamming;
    private final double maxLumaDelta;
    private final long[] hashes;
    private final double[] means;
    private int count;
    private int next;

    /**
     * @param maxHamming duplicate threshold in bits (0..64); negative disables the filter
     * @param window kept frames remembered
     * @param maxLumaDelta largest mean-luma difference of a duplicate
     */
    public DuplicateFilter(int maxHamming, int window, double maxLumaDelta) {
        if (maxHamming > 64 || window < 1) {
            throw new IllegalArgumentException(
                    "need maxHamming <= 64 and window >= 1, got " + maxHamming + ", " + window);
        }
        this.maxHamming = maxHamming;
        this.maxLumaDelta = maxLumaDelta;
        this.hashes = new long[window];
        this.means = new double[window];
    }

    /** True when the filter is active. */
    public boolean enabled() {
        return maxHamming >= 0;
    }

    /** True when {@code thumb} duplicates a remembered frame; otherwise remembers it and returns false. */
    public boolean isDuplicate(LumaThumb thumb) {
        if (!enabled()) {
            return false;
        }
        long h = thumb.dHash();
        double m = thumb.mean();
        for (int i = 0; i < count; i++) {
            if (Long.bitCount(h ^ hashes[i]) <= maxHamming && Math.abs(m - means[i]) <= maxLumaDelta) {
                return true;
            }
        }
        hashes[next] = h;
        means[next] = m;
        next = (next + 1) % hashes.length;
        count = Math.min(count + 1, hashes.length);
        return false;
    }
}
