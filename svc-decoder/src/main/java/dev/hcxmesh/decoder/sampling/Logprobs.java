package dev.hcxmesh.decoder.sampling;

import java.util.ArrayList;
import java.util.List;

/** Softmax and log-softmax helpers over a logits row ({@code -inf} entries get probability 0). */
public final class Logprobs {
    private Logprobs() {}

    /** One alternative: a token and its log-probability. */
    public record Alternative(int token, float logprob) {}

    /** {@code log(sum(exp(logits)))}, computed stably. */
    public static double logSumExp(float[] logits) {
        float max = Float.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        if (max == Float.NEGATIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        double sum = 0;
        for (float l : logits) {
            sum += Math.exp(l - max);
        }
        return max + Math.log(sum);
    }

    /** [vocab] probabilities. */
    public static float[] softmax(float[] logits) {
        double lse = logSumExp(logits);
        float[] p = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            p[i] = (float) Math.exp(logits[i] - lse);
        }
        return p;
    }

    /** The {@code n} most likely tokens of {@code logits} with their log-probabilities, best first. */
    public static List<Alternative> top(float[] logits, double logSumExp, int n) {
        List<Alternative> out = new ArrayList<>(n);
        if (n <= 0) {
            return out;
        }
        int[] best = new int[n];
        int filled = 0;
        for (int i = 0; i < logits.length; i++) {
            if (logits[i] == Float.NEGATIVE_INFINITY) {
                continue;
            }
            int pos = filled;
            while (pos > 0 && logits[best[pos - 1]] < logits[i]) {
                pos--;
            }
            if (pos < n) {
                int end = Math.min(filled, n - 1);
                System.arraycopy(best, pos, best, pos + 1, end - pos);
                best[pos] = i;
                filled = Math.min(filled + 1, n);
            }
        }
        for (int j = 0; j < filled; j++) {
            out.add(new Alternative(best[j], (float) (logits[best[j]] - logSumExp)));
        }
        return out;
    }
}
