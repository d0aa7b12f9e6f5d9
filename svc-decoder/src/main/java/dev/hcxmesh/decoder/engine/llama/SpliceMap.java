package dev.hcxmesh.decoder.engine.llama;

import dev.hcxmesh.decoder.engine.SequenceRequest.EmbeddingSplice;
import java.util.List;

/**
 * Which prompt positions take a visual embedding row instead of the token embedding (no scaling), by
 * position. Validates that splices lie inside the prompt, do not overlap and have {@code count *
 * hidden} floats.
 */
public final class SpliceMap {
    private static final SpliceMap EMPTY = new SpliceMap(new float[0][], new int[0]);

    private final float[][] rows; // per position: the splice's rows array, or null
    private final int[] offsets; // per position: float offset of the row in rows[pos]

    private SpliceMap(float[][] rows, int[] offsets) {
        this.rows = rows;
        this.offsets = offsets;
    }

    public static SpliceMap of(int promptLength, int hidden, List<EmbeddingSplice> splices) {
        if (splices.isEmpty()) {
            return EMPTY;
        }
        float[][] rows = new float[promptLength][];
        int[] offsets = new int[promptLength];
        for (EmbeddingSplice s : splices) {
            if (s.start() < 0 || s.count() <= 0 || (long) s.start() + s.count() > promptLength) {
                throw new IllegalArgumentException("splice [" + s.start() + ", " + (s.start() + s.count())
                        + ") must lie inside the prompt of " + promptLength + " tokens");
            }
            if (s.rows() == null || s.rows().length != (long) s.count() * hidden) {
                throw new IllegalArgumentException("splice at " + s.start() + " needs " + ((long) s.count() * hidden)
                        + " floats (" + s.count() + " x " + hidden + "), found "
                        + (s.rows() == null ? "null" : s.rows().length));
            }
            for (int i = 0; i < s.count(); i++) {
                int pos = s.start() + i;
                if (rows[pos] != null) {
                    throw new IllegalArgumentException("splices overlap at position " + pos);
                }
                rows[pos] = s.rows();
                offsets[pos] = i * hidden;
            }
        }
        return new SpliceMap(rows, offsets);
    }

    /** True when position {@code pos} takes a spliced row. */
    public boolean covers(int pos) {
        return pos < rows.length && rows[pos] != null;
    }

    /** Copies the spliced row of {@code pos} into {@code dst[dstOff .. dstOff+hidden)}. */
    public void copyRow(int pos, float[] dst, int dstOff, int hidden) {
        System.arraycopy(rows[pos], offsets[pos], dst, dstOff, hidden);
    }

    /**
     * A 64-bit content key of position {@code pos}: the token id for text, a hash of the row's bits for
     * spliced positions (tagged so it cannot collide with a token id).
     */
    public long contentKey(int pos, int tokenId, int hidden) {
        if (!covers(pos)) {
            return tokenId & 0xffffffffL;
        }
        float[] r = rows[pos];
        int off = offsets[pos];
        long h = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < hidden; i++) {
            h = mix(h ^ Float.floatToRawIntBits(r[off + i]));
        }
        return h | Long.MIN_VALUE;
    }

    /** A strong 64-bit mixer (splitmix64 finaliser). */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
