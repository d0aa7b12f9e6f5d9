package dev.hcxmesh.decoder.sampling;

import dev.hcxmesh.decoder.engine.TokenSelector;

/**
 * A {@link TokenSelector} that can also run without logits, for remote engines that sample on the
 * server (Triton): the engine forwards {@link #params()} and reports each token it received through
 * {@link #observe}, which applies stop tokens, stop strings and the token budget.
 */
public interface RemoteSampling extends TokenSelector {

    /** The sampling settings to forward to the remote sampler. */
    SamplingParams params();

    /** Stop token ids (end id for the remote engine), ascending. */
    int[] stopIds();

    /** True when decoding is constrained by a mask, which a remote sampler cannot apply. */
    boolean constrained();

    /** Records a token chosen elsewhere and says whether it ends the sequence / is emitted. */
    Choice observe(int token);
}
