package dev.hcxmesh.decoder.sampling;

/**
 * A stateful constraint on which tokens may come next (e.g. JSON-schema decoding). The selector
 * calls {@link #mask} before sampling and {@link #accept} with the chosen token.
 */
public interface LogitMask {

    /**
     * Sets the logits of forbidden tokens to {@code -inf}. Stop tokens in {@code stopIds} must be
     * left allowed exactly when the output may end here ({@link #canFinish()}).
     */
    void mask(float[] logits, int[] stopIds);

    /**
     * As {@link #mask(float[], int[])}, knowing that only {@code budget} tokens remain (this one
     * included): a mask may then also forbid tokens after which the output could not be completed.
     */
    default void mask(float[] logits, int[] stopIds, int budget) {
        mask(logits, stopIds);
    }

    /** Advances the constraint by the chosen (allowed) token. */
    void accept(int token);

    /** The output is complete: nothing more may follow. */
    boolean isComplete();

    /** The output may end here (complete, or e.g. a top-level number that could still grow). */
    boolean canFinish();
}
