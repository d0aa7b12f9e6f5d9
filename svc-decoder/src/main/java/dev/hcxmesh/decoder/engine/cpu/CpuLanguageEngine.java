package dev.hcxmesh.decoder.engine.cpu;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.decoder.engine.EngineException;
import dev.hcxmesh.decoder.engine.EngineInfo;
import dev.hcxmesh.decoder.engine.LanguageEngine;
import dev.hcxmesh.decoder.engine.SequenceHandle;
import dev.hcxmesh.decoder.engine.SequenceRequest;
import dev.hcxmesh.decoder.engine.TokenSelector;
import dev.hcxmesh.decoder.engine.TokenSink;
import dev.hcxmesh.decoder.engine.TokenSink.FinishReason;
import dev.hcxmesh.decoder.engine.llama.LlamaShape;
import dev.hcxmesh.decoder.engine.llama.SpliceMap;
import dev.hcxmesh.model.config.TextConfig;
import dev.hcxmesh.model.tensor.Weights;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded CPU Llama engine: Vector API kernels over F32/BF16/Q8_0/Q4_0 weights, a paged KV
 * cache with prefix sharing, chunked prefill and continuous batching.
 *
 * <p>One scheduler thread loops: it drops cancelled and expired sequences, admits waiting ones
 * (priority, then tenants in turn) while the batch and the KV pool allow, builds one step of rows (a
 * prefill chunk of up to {@code prefillChunk} prompt tokens plus one decode row per running sequence),
 * runs one batched forward (weights stream once per step), asks each sequence's {@link TokenSelector}
 * for its next token and emits it to its {@link TokenSink}. KV blocks are reserved for the whole
 * sequence (prompt + max new tokens) at admission and freed when it finishes.
 */
public final class CpuLanguageEngine implements LanguageEngine {
    private static final System.Logger LOG = System.getLogger(CpuLanguageEngine.class.getName());

    private final CpuEngineOptions options;
    private final CpuModel model;
    private final LlamaShape shape;
    private final int maxContext;
    private final KvBlockPool kv;
    private final WorkerPool pool;
    private final ForwardPass forward;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final AdmissionQueue<Sequence> waiting; // guarded by lock
    private final List<Sequence> running = new ArrayList<>(); // scheduler thread only
    private final Thread scheduler;
    private final AtomicLong steps = new AtomicLong();
    private final AtomicLong prefixHitTokens = new AtomicLong();
    private volatile boolean closed;
    private volatile int runningCount;

    /** Builds the engine over already converted weights and starts its scheduler thread. */
    public CpuLanguageEngine(CpuModel model, CpuEngineOptions options) {
        this.options = options;
        this.model = model;
        this.shape = model.shape();
        this.maxContext = options.maxContext() > 0 ? options.maxContext() : shape.maxContext();
        long blockBytes = KvBlockPool.blockBytes(shape.layers(), shape.kvDim(), options.kvBlockSize());
        long blocks = options.kvBudgetBytes() / blockBytes;
        if (blocks < 1) {
            throw new IllegalArgumentException(
                    "KV budget " + options.kvBudgetBytes() + " B holds no block of " + blockBytes + " B");
        }
        this.kv =
                new KvBlockPool(shape.layers(), shape.kvDim(), options.kvBlockSize(), (int) Math.min(blocks, 1 << 20));
        this.pool = new WorkerPool(options.threads(), options.name());
        this.forward = new ForwardPass(model, kv, pool, options.maxBatch() + options.prefillChunk());
        this.waiting = new AdmissionQueue<>(options.maxWaiting());
        this.scheduler =
                Thread.ofPlatform().daemon().name(options.name() + "-scheduler").start(this::loop);
        LOG.log(
                System.Logger.Level.INFO,
                "{0}: {1} weights, {2} threads, {3}-bit vectors ({4}-row panels), {5} KV blocks",
                options.name(),
                options.format(),
                options.threads(),
                Simd.F.vectorBitSize(),
                Panels.ROWS,
                kv.capacity());
    }

    /** Loads {@code config}'s text model from {@code weights} in {@code options.format()}. */
    public static CpuLanguageEngine load(TextConfig config, Weights weights, CpuEngineOptions options) {
        return new CpuLanguageEngine(CpuModel.load(config, weights, options.names(), options.format()), options);
    }

    @Override
    public EngineInfo info() {
        return new EngineInfo(options.name(), shape.hidden(), shape.vocab(), maxContext, options.randomWeights());
    }

    /** KV blocks referenced by admitted sequences; 0 when idle (cached prefix blocks count only while used). */
    public int kvBlocksInUse() {
        return kv.inUse();
    }

    /** Size of the KV block pool. */
    public int kvBlocksTotal() {
        return kv.capacity();
    }

    /** Sequences waiting for admission. */
    public int waitingCount() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** Sequences admitted and not finished. */
    public int runningCount() {
        return runningCount;
    }

    /** Prompt tokens whose K/V came from the prefix cache instead of being computed. */
    public long prefixHitTokens() {
        return prefixHitTokens.get();
    }

    /** Forward steps run so far. */
    public long steps() {
        return steps.get();
    }

    @Override
    public SequenceHandle start(SequenceRequest request, TokenSink sink) {
        if (closed) {
            throw new EngineException(ErrorCode.ENGINE_UNAVAILABLE, "engine " + options.name() + " is closed");
        }
        int[] ids = request.promptIds();
        if (ids.length == 0) {
            throw new EngineException(ErrorCode.PROMPT_INVALID, "prompt must have at least 1 token, found 0");
        }
        if (ids.length > maxContext) {
            throw new EngineException(
                    ErrorCode.CONTEXT_TOO_LONG,
                    "prompt of " + ids.length + " tokens exceeds the context of " + maxContext);
        }
        if (request.maxNewTokens() < 1) {
            throw new EngineException(
                    ErrorCode.PROMPT_INVALID, "maxNewTokens must be >= 1, found " + request.maxNewTokens());
        }
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= shape.vocab()) {
                throw new EngineException(
                        ErrorCode.PROMPT_INVALID,
                        "token id at " + i + " must be in [0, " + shape.vocab() + "), found " + ids[i]);
            }
        }
        SpliceMap splices;
        try {
            splices = SpliceMap.of(ids.length, shape.hidden(), request.splices());
        } catch (IllegalArgumentException e) {
            throw new EngineException(ErrorCode.PROMPT_INVALID, e.getMessage());
        }
        Sequence seq =
                new Sequence(request, sink, splices, maxContext, kv.blockSize(), shape.hidden(), this::wakeScheduler);
        if (seq.neededBlocks > kv.capacity()) {
            throw new EngineException(
                    ErrorCode.KV_CACHE_FULL,
                    "sequence needs " + seq.neededBlocks + " KV blocks, the pool has " + kv.capacity());
        }
        lock.lock();
        try {
            if (closed) {
                throw new EngineException(ErrorCode.ENGINE_UNAVAILABLE, "engine " + options.name() + " is closed");
            }
            if (!waiting.offer(seq, request.priority(), request.tenant())) {
                throw new EngineException(
                        ErrorCode.QUEUE_FULL, "admission queue is full (" + options.maxWaiting() + " waiting)");
            }
            work.signal();
        } finally {
            lock.unlock();
        }
        return seq;
    }

    private void wakeScheduler() {
        lock.lock();
        try {
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        wakeScheduler();
        try {
            scheduler.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.close();
    }

    // ---- scheduler thread ----

    private void loop() {
        while (!closed) {
            try {
                List<Sequence> dropped;
                lock.lock();
                try {
                    Instant now = Instant.now();
                    dropped = waiting.removeIf(s -> s.cancelled() || expired(s, now));
                    if (running.isEmpty() && waiting.size() == 0 && dropped.isEmpty()) {
                        work.await(50, TimeUnit.MILLISECONDS);
                        continue;
                    }
                } finally {
                    lock.unlock();
                }
                for (Sequence s : dropped) {
                    finish(s, s.cancelled() ? FinishReason.CANCELLED : FinishReason.DEADLINE, null);
                }
                Instant now = Instant.now();
                for (Sequence s : List.copyOf(running)) {
                    if (s.cancelled()) {
                        finish(s, FinishReason.CANCELLED, null);
                    } else if (expired(s, now)) {
                        finish(s, FinishReason.DEADLINE, null);
                    }
                }
                admit();
                runningCount = running.size();
                if (!running.isEmpty()) {
                    step();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "engine step failed; failing running sequences", t);
                for (Sequence s : List.copyOf(running)) {
                    finish(s, FinishReason.ERROR, t);
                }
            }
        }
        shutdown();
    }

    private void shutdown() {
        List<Sequence> rest;
        lock.lock();
        try {
            rest = waiting.removeIf(s -> true);
        } finally {
            lock.unlock();
        }
        rest.addAll(running);
        for (Sequence s : rest) {
            finish(s, FinishReason.CANCELLED, null);
        }
    }

    private static boolean expired(Sequence s, Instant now) {
        Instant d = s.request.deadline();
        return d != null && now.isAfter(d);
    }

    /** Moves waiting sequences into the batch while there is room in the batch and the KV pool. */
    private void admit() {
        while (running.size() < options.maxBatch()) {
            Sequence head;
            lock.lock();
            try {
                head = waiting.peek();
                if (head == null || !reserve(head)) {
                    return;
                }
                waiting.poll();
            } finally {
                lock.unlock();
            }
            running.add(head);
        }
    }

    /** Takes cached prefix blocks and fresh blocks for the whole sequence; false (nothing held) if short. */
    private boolean reserve(Sequence s) {
        int bs = kv.blockSize();
        int[] table = new int[s.neededBlocks];
        int reused = 0;
        if (options.prefixCaching()) {
            int reusable = Math.min(s.blockHash.length, (s.promptLength - 1) / bs);
            while (reused < reusable) {
                int b = kv.lookup(s.blockHash[reused], s.parentHash[reused], s.blockKeys[reused]);
                if (b < 0) {
                    break;
                }
                table[reused++] = b;
            }
        }
        if (kv.available() < s.neededBlocks - reused) {
            for (int i = 0; i < reused; i++) {
                kv.release(table[i]);
            }
            return false;
        }
        for (int i = reused; i < s.neededBlocks; i++) {
            table[i] = kv.allocate();
        }
        s.blockTable = table;
        s.blocksHeld = s.neededBlocks;
        s.prefilled = reused * bs;
        s.registeredBlocks = reused;
        s.reusedBlocks = reused;
        prefixHitTokens.addAndGet((long) reused * bs);
        return true;
    }

    /** One batched forward: a prefill chunk plus one decode row per decoding sequence. */
    private void step() {
        int D = shape.hidden();
        int maxRows = forward.maxRows();
        float[] x = forward.input();
        int[] pos = new int[maxRows];
        int[][] tables = new int[maxRows][];
        int[] logitRows = new int[running.size()];
        Sequence[] logitSeqs = new Sequence[running.size()];
        int[] prefillEnd = new int[running.size()];
        int n = 0, nl = 0, budget = options.prefillChunk();
        for (int si = 0; si < running.size(); si++) {
            Sequence s = running.get(si);
            prefillEnd[si] = -1;
            if (s.prefilling()) {
                int take = Math.min(budget, s.promptLength - s.prefilled);
                if (take <= 0) {
                    continue;
                }
                budget -= take;
                int[] ids = s.request.promptIds();
                for (int p = s.prefilled; p < s.prefilled + take; p++) {
                    if (s.splices.covers(p)) {
                        s.splices.copyRow(p, x, n * D, D);
                    } else {
                        model.embed().row(ids[p], x, n * D);
                    }
                    pos[n] = p;
                    tables[n] = s.blockTable;
                    n++;
                }
                prefillEnd[si] = s.prefilled + take;
                if (prefillEnd[si] == s.promptLength) {
                    logitRows[nl] = n - 1;
                    logitSeqs[nl++] = s;
                }
            } else {
                model.embed().row(s.lastToken, x, n * D);
                pos[n] = s.promptLength + s.generated - 1;
                tables[n] = s.blockTable;
                logitRows[nl] = n;
                logitSeqs[nl++] = s;
                n++;
            }
        }
        if (n == 0) {
            return;
        }
        float[] logits = new float[nl * shape.vocab()]; // [nl, V]
        forward.run(n, pos, tables, logitRows, nl, logits);
        steps.incrementAndGet();
        for (int si = 0; si < running.size(); si++) {
            if (prefillEnd[si] >= 0) {
                Sequence s = running.get(si);
                s.prefilled = prefillEnd[si];
                registerPrefix(s);
            }
        }
        for (int j = 0; j < nl; j++) {
            Sequence s = logitSeqs[j];
            if (s.logits == null) {
                s.logits = new float[shape.vocab()];
            }
            System.arraycopy(logits, j * shape.vocab(), s.logits, 0, shape.vocab());
            select(s);
        }
        runningCount = running.size();
    }

    private void registerPrefix(Sequence s) {
        if (!options.prefixCaching()) {
            return;
        }
        int full = Math.min(s.blockHash.length, s.prefilled / kv.blockSize());
        for (int b = s.registeredBlocks; b < full; b++) {
            kv.register(s.blockTable[b], s.blockHash[b], s.parentHash[b], s.blockKeys[b]);
        }
        s.registeredBlocks = Math.max(s.registeredBlocks, full);
    }

    private void select(Sequence s) {
        TokenSelector.Choice c;
        try {
            c = s.request.selector().select(s.logits);
            if (c.token() < 0 || c.token() >= shape.vocab()) {
                throw new IllegalStateException(
                        "selector chose token " + c.token() + ", expected [0, " + shape.vocab() + ")");
            }
            s.generated++;
            s.lastToken = c.token();
            if (c.emit()) {
                s.sink.onToken(c.token(), c.logprob());
            }
        } catch (RuntimeException e) {
            finish(s, FinishReason.ERROR, e);
            return;
        }
        if (c.stop()) {
            finish(s, FinishReason.STOP, null);
        } else if (s.generated >= s.request.maxNewTokens() || s.promptLength + s.generated >= maxContext) {
            finish(s, FinishReason.LENGTH, null);
        }
    }

    /** Frees the sequence's blocks, then tells its sink; exactly once per sequence. */
    private void finish(Sequence s, FinishReason reason, Throwable error) {
        if (s.finished) {
            return;
        }
        s.finished = true;
        running.remove(s);
        for (int i = 0; i < s.blocksHeld; i++) {
            kv.release(s.blockTable[i]);
        }
        s.blocksHeld = 0;
        runningCount = running.size();
        try {
            s.sink.onFinish(reason, s.promptLength, s.generated, error);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "sink of " + s.request.id() + " failed in onFinish", e);
        }
    }
}
