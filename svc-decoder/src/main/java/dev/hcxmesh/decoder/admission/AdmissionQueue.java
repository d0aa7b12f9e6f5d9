package dev.hcxmesh.decoder.admission;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.decoder.engine.EngineException;
import dev.hcxmesh.decoder.engine.LanguageEngine;
import dev.hcxmesh.decoder.engine.SequenceHandle;
import dev.hcxmesh.decoder.engine.SequenceRequest;
import dev.hcxmesh.decoder.engine.TokenSink;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Back-pressure in front of the engine: at most {@code maxActive} sequences run; the rest wait in
 * a bounded queue ({@code capacity} in all, {@code perTenant} per tenant) and are refused with
 * {@code QUEUE_FULL} beyond that. A freed slot goes to the highest priority first (URGENT
 * moderation before BULK tagging), then to the tenant with the fewest running sequences, then to
 * the oldest request. Waiting requests whose deadline passed finish with DEADLINE instead of
 * starting. Thread-safe.
 */
public final class AdmissionQueue {
    private final LanguageEngine engine;
    private final Limits limits;
    private final Clock clock;
    private final java.util.concurrent.Executor dispatcher;
    private final List<Waiting> waiting = new ArrayList<>();
    private final Map<String, Integer> runningByTenant = new HashMap<>();
    private int running;
    private long seq;

    /**
     * @param maxActive sequences running in the engine at once
     * @param capacity waiting requests in all
     * @param perTenant waiting requests per tenant
     */
    public record Limits(int maxActive, int capacity, int perTenant) {
        public Limits {
            if (maxActive < 1 || capacity < 0 || perTenant < 0) {
                throw new IllegalArgumentException("admission limits must be maxActive >= 1, capacity >= 0, "
                        + "perTenant >= 0; found " + maxActive + ", " + capacity + ", " + perTenant);
            }
        }
    }

    /** Dispatches freed slots on the thread that finished the sequence (tests, simple engines). */
    public AdmissionQueue(LanguageEngine engine, Limits limits, Clock clock) {
        this(engine, limits, clock, Runnable::run);
    }

    /**
     * @param dispatcher runs the start of waiting sequences when a slot frees, so an engine never
     *     sees {@code start} re-entered from inside its own {@code onFinish} callback
     */
    public AdmissionQueue(LanguageEngine engine, Limits limits, Clock clock, java.util.concurrent.Executor dispatcher) {
        this.engine = engine;
        this.limits = limits;
        this.clock = clock;
        this.dispatcher = dispatcher;
    }

    /** Sequences running now. */
    public synchronized int running() {
        return running;
    }

    /** Requests waiting now. */
    public synchronized int waiting() {
        return waiting.size();
    }

    /**
     * Starts the sequence now or queues it.
     *
     * @throws EngineException QUEUE_FULL when the queue (or the tenant's share) is full; any engine
     *     refusal when the sequence starts immediately
     */
    public SequenceHandle submit(SequenceRequest request, TokenSink sink) {
        Waiting w;
        synchronized (this) {
            if (running < limits.maxActive() && waiting.isEmpty()) {
                reserve(request.tenant());
                w = null;
            } else {
                if (waiting.size() >= limits.capacity()) {
                    throw new EngineException(
                            ErrorCode.QUEUE_FULL,
                            "decoder queue full: " + waiting.size() + " waiting, capacity " + limits.capacity());
                }
                long mine = waiting.stream()
                        .filter(x -> x.request.tenant().equals(request.tenant()))
                        .count();
                if (mine >= limits.perTenant()) {
                    throw new EngineException(
                            ErrorCode.QUEUE_FULL,
                            "tenant '" + request.tenant() + "' has " + mine + " requests waiting, limit "
                                    + limits.perTenant());
                }
                w = new Waiting(request, sink, seq++);
                waiting.add(w);
                return w;
            }
        }
        try {
            Ticket t = new Ticket(request, sink);
            t.started = engine.start(request, t);
            return t;
        } catch (RuntimeException e) {
            release(request.tenant());
            throw e;
        }
    }

    private void reserve(String tenant) {
        running++;
        runningByTenant.merge(tenant, 1, Integer::sum);
    }

    private void release(String tenant) {
        synchronized (this) {
            running--;
            runningByTenant.merge(tenant, -1, Integer::sum);
            runningByTenant.remove(tenant, 0);
        }
        dispatcher.execute(this::dispatch);
    }

    /** Starts waiting requests while slots are free. */
    private void dispatch() {
        while (true) {
            Waiting next;
            boolean expired;
            synchronized (this) {
                if (waiting.isEmpty() || running >= limits.maxActive()) {
                    return;
                }
                next = waiting.get(0);
                for (Waiting w : waiting) {
                    if (better(w, next)) {
                        next = w;
                    }
                }
                waiting.remove(next);
                var deadline = next.request.deadline();
                expired = deadline != null && !clock.instant().isBefore(deadline);
                if (!expired) {
                    reserve(next.request.tenant());
                }
            }
            if (expired) {
                next.sink.onFinish(
                        TokenSink.FinishReason.DEADLINE,
                        next.request.promptIds().length,
                        0,
                        new EngineException(ErrorCode.DEADLINE_EXCEEDED, "deadline passed while queued"));
                continue;
            }
            next.startNow();
        }
    }

    private boolean better(Waiting a, Waiting b) {
        if (a.request.priority() != b.request.priority()) {
            return a.request.priority() > b.request.priority();
        }
        int ra = runningByTenant.getOrDefault(a.request.tenant(), 0);
        int rb = runningByTenant.getOrDefault(b.request.tenant(), 0);
        if (ra != rb) {
            return ra < rb;
        }
        return a.order < b.order;
    }

    private synchronized boolean removeWaiting(Waiting w) {
        return waiting.remove(w);
    }

    /** A running sequence: releases its slot on finish. */
    private final class Ticket implements TokenSink, SequenceHandle {
        private final SequenceRequest request;
        private final TokenSink sink;
        volatile SequenceHandle started;
        private volatile boolean cancelled;

        Ticket(SequenceRequest request, TokenSink sink) {
            this.request = request;
            this.sink = sink;
        }

        @Override
        public void onToken(int token, float logprob) {
            sink.onToken(token, logprob);
        }

        @Override
        public void onFinish(FinishReason reason, int promptTokens, int completionTokens, Throwable error) {
            try {
                sink.onFinish(reason, promptTokens, completionTokens, error);
            } finally {
                release(request.tenant());
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            SequenceHandle h = started;
            if (h != null) {
                h.cancel();
            }
        }
    }

    /** A queued request; its handle cancels it in the queue or, once started, in the engine. */
    private final class Waiting implements SequenceHandle {
        final SequenceRequest request;
        final TokenSink sink;
        final long order;
        private Ticket ticket;
        private boolean cancelled;

        Waiting(SequenceRequest request, TokenSink sink, long order) {
            this.request = request;
            this.sink = sink;
            this.order = order;
        }

        void startNow() {
            Ticket t = new Ticket(request, sink);
            synchronized (this) {
                ticket = t;
            }
            try {
                t.started = engine.start(request, t);
            } catch (EngineException e) {
                t.onFinish(TokenSink.FinishReason.ERROR, request.promptIds().length, 0, e);
                return;
            } catch (RuntimeException e) {
                t.onFinish(
                        TokenSink.FinishReason.ERROR,
                        request.promptIds().length,
                        0,
                        new EngineException(ErrorCode.INTERNAL, "engine start failed: " + e));
                return;
            }
            if (t.cancelled || cancelledBeforeStart()) {
                t.started.cancel();
            }
        }

        private synchronized boolean cancelledBeforeStart() {
            return cancelled;
        }

        @Override
        public void cancel() {
            Ticket t;
            synchronized (this) {
                cancelled = true;
                t = ticket;
            }
            if (t != null) {
                t.cancel();
            } else {
                cancelWaiting(this);
            }
        }
    }

    /** Cancels a waiting request: removed from the queue and finished as CANCELLED. */
    private void cancelWaiting(Waiting w) {
        if (removeWaiting(w)) {
            w.sink.onFinish(TokenSink.FinishReason.CANCELLED, w.request.promptIds().length, 0, null);
        }
    }
}
