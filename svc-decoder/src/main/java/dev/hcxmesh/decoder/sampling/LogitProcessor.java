package dev.hcxmesh.decoder.sampling;

/**
 * One in-place transformation of a logits row: temperature, top-k, top-p, repetition penalty,
 * constraint masks. Masked tokens are set to {@link Float#NEGATIVE_INFINITY}.
 */
@FunctionalInterface
public interface LogitProcessor {

    /**
     * @param logits [vocab] logits, modified in place
     * @param history tokens generated so far by this sequence (read-only view)
     */
    void apply(float[] logits, TokenHistory history);
}
