package dev.hcxmesh.decoder.sampling;

import java.util.Arrays;
import java.util.PriorityQueue;

/** The standard logit processors, each a pure in-place function of the logits row. */
public final class Processors {
    private Processors() {}

    /** Divides every logit by {@code t > 0}. */
    public static LogitProcessor temperature(float t) {
        if (!(t > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, found " + t);
        }
        return (logits, history) -> {
            float inv = 1f / t;
            for (int i = 0; i < logits.length; i++) {
                logits[i] *= inv;
            }
        };
    }

    /**
     * CTRL repetition penalty (HF semantics): every previously generated token's logit is divided by
     * {@code p} when positive and multiplied by {@code p} when negative.
     */
    public static LogitProcessor repetitionPenalty(float p) {
        return (logits, history) -> history.distinct().forEach(id -> {
            if (id < logits.length) {
                float l = logits[id];
                logits[id] = l > 0 ? l / p : l * p;
            }
        });
    }

    /** Keeps the {@code k} largest logits (ties at the boundary are kept), masks the rest. */
    public static LogitProcessor topK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("top_k must be >= 1, found " + k);
        }
        return (logits, history) -> {
            if (k >= logits.length) {
                return;
            }
            PriorityQueue<Float> heap = new PriorityQueue<>(k + 1);
            for (float l : logits) {
                if (heap.size() < k) {
                    heap.add(l);
                } else if (l > heap.peek()) {
                    heap.poll();
                    heap.add(l);
                }
            }
            float threshold = heap.peek();
            for (int i = 0; i < logits.length; i++) {
                if (logits[i] < threshold) {
                    logits[i] = Float.NEGATIVE_INFINITY;
                }
            }
        };
    }

    /**
     * Nucleus filter: keeps the smallest set of most-likely tokens whose probability mass reaches
     * {@code p} (always at least one), masks the rest.
     */
    public static LogitProcessor topP(float p) {
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("top_p must be in (0, 1], found " + p);
        }
        return (logits, history) -> {
            if (p >= 1f) {
                return;
            }
            float[] probs = Logprobs.softmax(logits);
            int n = probs.length;
            // A token with prob < (1 - p) / (n - 1) can never be inside the nucleus: filter before sorting.
            double cutoff = (1.0 - p) / Math.max(1, n - 1);
            int count = 0;
            long[] packed = new long[n];
            for (int i = 0; i < n; i++) {
                if (probs[i] >= cutoff && probs[i] > 0) {
                    // sort key: descending prob, then ascending id for determinism
                    packed[count++] = ((long) Float.floatToIntBits(1f - probs[i]) << 32) | i;
                }
            }
            Arrays.sort(packed, 0, count);
            boolean[] keep = new boolean[n];
            double mass = 0;
            for (int j = 0; j < count; j++) {
                int id = (int) (packed[j] & 0xffffffffL);
                keep[id] = true;
                mass += probs[id];
                if (mass >= p) {
                    break;
                }
            }
            for (int i = 0; i < n; i++) {
                if (!keep[i]) {
                    logits[i] = Float.NEGATIVE_INFINITY;
                }
            }
        };
    }
}
