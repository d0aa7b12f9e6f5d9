package dev.hcxmesh.decoder.engine;

/**
 * Chooses the next token of one sequence from its logits. Sampling, repetition penalty, JSON-schema
 * constraints and stop conditions are composed behind this one call; the engine stays unaware of
 * them. Not thread-safe: one instance per sequence.
 */
public interface TokenSelector {

    /**
     * @param logits [vocab] logits of the last position; may be modified in place
     * @return the chosen token, with its log-probability and whether the sequence ends here
     */
    Choice select(float[] logits);

    /**
     * @param token chosen id
     * @param logprob log-softmax of the chosen token under the unmodified distribution
     * @param stop true when the sequence finishes with this token (stop token, stop string, schema
     *     complete); a stop token itself is not emitted as text
     * @param emit whether the token's text belongs to the output
     */
    record Choice(int token, float logprob, boolean stop, boolean emit) {}
}
