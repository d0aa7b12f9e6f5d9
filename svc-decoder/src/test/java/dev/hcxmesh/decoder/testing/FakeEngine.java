package dev.hcxmesh.decoder.testing;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.decoder.engine.EngineException;
import dev.hcxmesh.decoder.engine.EngineInfo;
import dev.hcxmesh.decoder.engine.LanguageEngine;
import dev.hcxmesh.decoder.engine.SequenceHandle;
import dev.hcxmesh.decoder.engine.SequenceRequest;
import dev.hcxmesh.decoder.engine.TokenSelector;
import dev.hcxmesh.decoder.engine.TokenSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic engine for tests: logits at step t are a pure function of (seed, prompt, t), or
 * a scripted token sequence is forced by giving its token a huge logit. Each sequence runs on its
 * own thread; {@link #stepDelayMillis} slows it down for flow-control tests.
 */
public final class FakeEngine implements LanguageEngine {
    private final int vocabSize;
    private final long seed;
    private volatile int[] script;
    public volatile long stepDelayMillis;
    public volatile int maxContext = 4096;
    public volatile RuntimeException failOnStart;
    /** Token ids never produced from random logits (e.g. stop tokens, so sequences run to their budget). */
    public volatile int[] banned = new int[0];

    public final List<SequenceRequest> started = new CopyOnWriteArrayList<>();
    public final AtomicInteger cancelled = new AtomicInteger();
    public final AtomicInteger active = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-engine");
        t.setDaemon(true);
        return t;
    });

    public FakeEngine(int vocabSize, long seed) {
        this.vocabSize = vocabSize;
        this.seed = seed;
    }

    /** Forces these tokens in order (then random logits again). */
    public FakeEngine script(int... tokens) {
        this.script = tokens.clone();
        return this;
    }

    @Override
    public EngineInfo info() {
        return new EngineInfo("fake", 8, vocabSize, maxContext, true);
    }

    @Override
    public SequenceHandle start(SequenceRequest request, TokenSink sink) {
        if (failOnStart != null) {
            throw failOnStart;
        }
        if (request.promptIds().length >= maxContext) {
            throw new EngineException(
                    ErrorCode.CONTEXT_TOO_LONG,
                    "prompt has " + request.promptIds().length + " tokens, context is " + maxContext);
        }
        started.add(request);
        active.incrementAndGet();
        AtomicBoolean cancel = new AtomicBoolean();
        int[] forced = script;
        pool.submit(() -> run(request, sink, cancel, forced));
        return () -> {
            if (cancel.compareAndSet(false, true)) {
                cancelled.incrementAndGet();
            }
        };
    }

    private void run(SequenceRequest r, TokenSink sink, AtomicBoolean cancel, int[] forced) {
        int prompt = r.promptIds().length;
        int produced = 0;
        TokenSink.FinishReason reason = TokenSink.FinishReason.LENGTH;
        Throwable error = null;
        try {
            long promptHash = java.util.Arrays.hashCode(r.promptIds());
            for (int t = 0; t < r.maxNewTokens(); t++) {
                if (cancel.get()) {
                    reason = TokenSink.FinishReason.CANCELLED;
                    break;
                }
                if (r.deadline() != null && Instant.now().isAfter(r.deadline())) {
                    reason = TokenSink.FinishReason.DEADLINE;
                    break;
                }
                if (stepDelayMillis > 0) {
                    Thread.sleep(stepDelayMillis);
                }
                float[] logits = logits(promptHash, t);
                for (int b : banned) {
                    logits[b] = Float.NEGATIVE_INFINITY;
                }
                if (forced != null && t < forced.length) {
                    logits[forced[t]] = 50f;
                }
                TokenSelector.Choice c = r.selector().select(logits);
                produced++;
                if (c.emit()) {
                    sink.onToken(c.token(), c.logprob());
                }
                if (c.stop()) {
                    reason = TokenSink.FinishReason.STOP;
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = TokenSink.FinishReason.CANCELLED;
        } catch (RuntimeException e) {
            reason = TokenSink.FinishReason.ERROR;
            error = e;
        } finally {
            active.decrementAndGet();
        }
        sink.onFinish(reason, prompt, produced, error);
    }

    /** [vocab] pseudo-random logits in [-4, 4) for step t. */
    public float[] logits(long promptHash, int t) {
        SplittableRandom rnd = new SplittableRandom(seed * 31 + promptHash * 17 + t);
        float[] l = new float[vocabSize];
        for (int i = 0; i < l.length; i++) {
            l[i] = (float) (rnd.nextDouble() * 8 - 4);
        }
        return l;
    }

    public List<SequenceRequest> startedSnapshot() {
        return new ArrayList<>(started);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
