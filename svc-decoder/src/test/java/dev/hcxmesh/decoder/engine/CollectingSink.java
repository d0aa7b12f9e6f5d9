package dev.hcxmesh.decoder.engine;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Test sink: collects tokens and completes when the sequence finishes. */
public final class CollectingSink implements TokenSink {
    public final List<Integer> tokens = new CopyOnWriteArrayList<>();
    public final CompletableFuture<FinishReason> done = new CompletableFuture<>();
    public volatile int completionTokens = -1;

    @Override
    public void onToken(int token, float logprob) {
        tokens.add(token);
    }

    @Override
    public void onFinish(FinishReason reason, int promptTokens, int completionTokens, Throwable error) {
        this.completionTokens = completionTokens;
        if (error != null) {
            done.completeExceptionally(error);
        } else {
            done.complete(reason);
        }
    }

    public FinishReason await() {
        try {
            return done.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("sequence did not finish: " + e, e);
        }
    }
}
