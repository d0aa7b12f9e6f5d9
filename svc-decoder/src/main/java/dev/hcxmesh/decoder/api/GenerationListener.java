package dev.hcxmesh.decoder.api;

import dev.hcxmesh.decoder.engine.EngineException;
import dev.hcxmesh.decoder.sampling.Logprobs;
import java.util.List;

/**
 * Receives one generation's output: deltas in order, then exactly one of {@link #onDone} or {@link
 * #onError}. Called from engine threads.
 */
public interface GenerationListener {

    void onDelta(Delta delta);

    void onDone(Done done);

    void onError(EngineException error);

    /**
     * Text released by this token (may be empty while a stop-string prefix is held back).
     *
     * @param token the token id, or -1 for text flushed at the end
     * @param logprob its log-probability (NaN when unknown)
     * @param alternatives top-n alternatives when requested
     */
    record Delta(String text, int token, float logprob, List<Logprobs.Alternative> alternatives) {}

    /**
     * @param finishReason stop, length or cancelled
     */
    record Done(String finishReason, int promptTokens, int completionTokens) {}
}
