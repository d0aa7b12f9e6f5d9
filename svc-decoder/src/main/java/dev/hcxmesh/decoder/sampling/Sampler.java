package dev.hcxmesh.decoder.sampling;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/** Draws one token from a (processed) logits row. */
@FunctionalInterface
public interface Sampler {

    int sample(float[] logits);

    /** Argmax; the lowest id wins ties. */
    Sampler GREEDY = logits -> {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    };

    /** Categorical sampling from {@code softmax(logits)} with the given generator. */
    static Sampler categorical(RandomGenerator rng) {
        return logits -> {
            double lse = Logprobs.logSumExp(logits);
            double u = rng.nextDouble();
            double cdf = 0;
            int last = -1;
            for (int i = 0; i < logits.length; i++) {
                if (logits[i] == Float.NEGATIVE_INFINITY) {
                    continue;
                }
                last = i;
                cdf += Math.exp(logits[i] - lse);
                if (u < cdf) {
                    return i;
                }
            }
            return last < 0 ? GREEDY.sample(logits) : last; // rounding: fall back to the last live token
        };
    }

    /** A deterministic generator for {@code seed} (same seed, same stream, on every JVM). */
    static RandomGenerator seeded(long seed) {
        return RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    }
}
