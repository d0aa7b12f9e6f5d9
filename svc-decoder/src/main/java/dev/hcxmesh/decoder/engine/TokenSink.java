package dev.hcxmesh.decoder.engine;

/** Receives a sequence's tokens in order, then exactly one {@link #onFinish}. Called from engine threads. */
public interface TokenSink {

    void onToken(int token, float logprob);

    void onFinish(FinishReason reason, int promptTokens, int completionTokens, Throwable error);

    enum FinishReason {
        STOP,
        LENGTH,
        CANCELLED,
        DEADLINE,
        ERROR
    }
}
