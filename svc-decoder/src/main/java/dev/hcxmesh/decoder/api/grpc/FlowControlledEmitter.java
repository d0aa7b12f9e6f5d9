package dev.hcxmesh.decoder.api.grpc;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.api.v1.GenerateDone;
import dev.hcxmesh.api.v1.GenerateEvent;
import dev.hcxmesh.api.v1.TokenDelta;
import dev.hcxmesh.decoder.api.GenerationListener;
import dev.hcxmesh.decoder.engine.EngineException;
import dev.hcxmesh.decoder.engine.SequenceHandle;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayDeque;

/**
 * Sends a generation to a server-streaming call only while the call is ready. Events wait in a
 * bounded queue: beyond {@code maxEvents} new tokens are merged into the last queued delta, and
 * beyond {@code maxTokens} unsent tokens the client is too slow: the sequence is cancelled and the
 * call fails with RESOURCE_EXHAUSTED. A cancelled call cancels the sequence. All calls on the
 * observer are serialized by this object's lock.
 */
final class FlowControlledEmitter implements GenerationListener {
    private final ServerCallStreamObserver<GenerateEvent> call;
    private final int maxEvents;
    private final int maxTokens;
    private final String requestId;
    private final boolean randomWeights;
    private final ArrayDeque<GenerateEvent> queue = new ArrayDeque<>();
    private SequenceHandle handle;
    private int bufferedTokens;
    private int peakTokens;
    private int peakEvents;
    private boolean done; // terminal event queued
    private boolean closed; // call completed, failed or cancelled
    private boolean cancelled;

    FlowControlledEmitter(
            ServerCallStreamObserver<GenerateEvent> call,
            int maxEvents,
            int maxTokens,
            String requestId,
            boolean randomWeights) {
        this.call = call;
        this.maxEvents = maxEvents;
        this.maxTokens = maxTokens;
        this.requestId = requestId;
        this.randomWeights = randomWeights;
    }

    /** The running sequence; cancelled at once when the call was cancelled before it started. */
    void attach(SequenceHandle h) {
        boolean cancelNow;
        synchronized (this) {
            handle = h;
            cancelNow = cancelled || closed;
        }
        if (cancelNow) {
            h.cancel();
        }
    }

    /** The client went away. */
    void onCancel() {
        SequenceHandle h;
        synchronized (this) {
            cancelled = true;
            closed = true;
            queue.clear();
            h = handle;
        }
        if (h != null) {
            h.cancel();
        }
    }

    @Override
    public void onDelta(Delta d) {
        SequenceHandle toCancel = null;
        synchronized (this) {
            if (closed || done) {
                return;
            }
            int n = d.token() >= 0 ? 1 : 0;
            if (bufferedTokens + n > maxTokens) {
                closed = true;
                queue.clear();
                toCancel = handle;
                call.onError(GrpcErrors.toStatus(
                        ErrorCode.QUEUE_FULL,
                        "client is not reading: more than " + maxTokens + " tokens buffered",
                        requestId));
            } else {
                TokenDelta.Builder delta = TokenDelta.newBuilder().setText(d.text());
                if (d.token() >= 0) {
                    delta.addTokenIds(d.token()).addLogprobs(d.logprob());
                }
                GenerateEvent last = queue.peekLast();
                if (queue.size() >= maxEvents && last != null && last.hasDelta()) {
                    TokenDelta prev = last.getDelta();
                    queue.pollLast();
                    queue.addLast(GenerateEvent.newBuilder()
                            .setDelta(prev.toBuilder()
                                    .setText(prev.getText() + delta.getText())
                                    .addAllTokenIds(delta.getTokenIdsList())
                                    .addAllLogprobs(delta.getLogprobsList()))
                            .build());
                } else {
                    queue.addLast(GenerateEvent.newBuilder().setDelta(delta).build());
                }
                bufferedTokens += n;
                peakTokens = Math.max(peakTokens, bufferedTokens);
                peakEvents = Math.max(peakEvents, queue.size());
            }
        }
        if (toCancel != null) {
            toCancel.cancel();
            return;
        }
        drain();
    }

    @Override
    public void onDone(Done d) {
        synchronized (this) {
            if (closed || done) {
                return;
            }
            done = true;
            queue.addLast(GenerateEvent.newBuilder()
                    .setDone(GenerateDone.newBuilder()
                            .setFinishReason(d.finishReason())
                            .setPromptTokens(d.promptTokens())
                            .setCompletionTokens(d.completionTokens())
                            .setRandomWeights(randomWeights))
                    .build());
        }
        drain();
    }

    @Override
    public void onError(EngineException e) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            call.onError(GrpcErrors.toStatus(e, requestId));
        }
    }

    /** Sends queued events while the call is ready; completes the call after the terminal event. */
    synchronized void drain() {
        while (!closed && !queue.isEmpty() && call.isReady()) {
            GenerateEvent e = queue.pollFirst();
            if (e.hasDelta()) {
                bufferedTokens -= e.getDelta().getTokenIdsCount();
            }
            call.onNext(e);
        }
        if (!closed && done && queue.isEmpty()) {
            closed = true;
            call.onCompleted();
        }
    }

    /** Largest number of unsent tokens seen (for tests and metrics). */
    synchronized int peakBufferedTokens() {
        return peakTokens;
    }

    synchronized int peakQueuedEvents() {
        return peakEvents;
    }
}
