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
    private final Object arrivals = new Object(); // notified on every token and at the finish

    @Override
    public void onToken(int token, float logprob) {
        tokens.add(token);
        synchronized (arrivals) {
            arrivals.notifyAll();
        }
    }

    /**
     * Returns as soon as {@code n} tokens have arrived (or the sequence finished first), without the
     * delay of a poll-based wait (awaitility polls every 100 ms): a test that acts "mid-sequence" must
     * act before the tiny model finishes, and on a fast CPU it can finish between two polls.
     */
    public void awaitTokens(int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        synchronized (arrivals) {
            while (tokens.size() < n && !done.isDone()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("fewer than " + n + " tokens after 60 s: " + tokens.size());
                }
                try {
                    arrivals.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    @Override
    public void onFinish(FinishReason reason, int promptTokens, int completionTokens, Throwable error) {
        this.completionTokens = completionTokens;
        if (error != null) {
            done.completeExceptionally(error);
        } else {
            done.complete(reason);
        }
        synchronized (arrivals) {
            arrivals.notifyAll();
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
