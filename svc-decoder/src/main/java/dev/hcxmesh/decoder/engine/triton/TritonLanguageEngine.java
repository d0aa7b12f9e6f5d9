package dev.hcxmesh.decoder.engine.triton;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.decoder.engine.EngineException;
import dev.hcxmesh.decoder.engine.EngineInfo;
import dev.hcxmesh.decoder.engine.LanguageEngine;
import dev.hcxmesh.decoder.engine.SequenceHandle;
import dev.hcxmesh.decoder.engine.SequenceRequest;
import dev.hcxmesh.decoder.engine.TokenSelector;
import dev.hcxmesh.decoder.engine.TokenSink;
import dev.hcxmesh.decoder.sampling.RemoteSampling;
import dev.hcxmesh.kserve.v2.GRPCInferenceServiceGrpc;
import dev.hcxmesh.kserve.v2.InferParameter;
import dev.hcxmesh.kserve.v2.ModelInferRequest;
import dev.hcxmesh.kserve.v2.ModelStreamInferResponse;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The remote backend: each sequence is one KServe v2 {@code ModelStreamInfer} call to a decoupled
 * TensorRT-LLM model on Triton, which samples on the server and streams {@code output_ids}. The
 * selector must be a {@link RemoteSampling}: its parameters go to the server and every received
 * token is passed to {@link RemoteSampling#observe} for stop tokens, stop strings and the budget.
 * Constrained (masked) decoding needs logits and is refused with NOT_IMPLEMENTED.
 */
public final class TritonLanguageEngine implements LanguageEngine {
    /** dtype of {@code prompt_embedding_table}. */
    public enum EmbeddingDtype {
        FP32,
        BF16
    }

    private final Channel channel;
    private final boolean ownsChannel;
    private final String model;
    private final EngineInfo info;
    private final EmbeddingDtype dtype;

    /**
     * @param ownsChannel close the channel with the engine
     * @param info vocabSize is the first p-tuning id; hiddenSize the width of visual rows
     */
    public TritonLanguageEngine(
            Channel channel, boolean ownsChannel, String model, EngineInfo info, EmbeddingDtype dtype) {
        this.channel = channel;
        this.ownsChannel = ownsChannel;
        this.model = model;
        this.info = info;
        this.dtype = dtype;
    }

    @Override
    public EngineInfo info() {
        return info;
    }

    @Override
    public SequenceHandle start(SequenceRequest request, TokenSink sink) {
        if (!(request.selector() instanceof RemoteSampling rs)) {
            throw new EngineException(
                    ErrorCode.NOT_IMPLEMENTED,
                    "the Triton engine samples remotely and needs a RemoteSampling selector, found "
                            + request.selector().getClass().getSimpleName());
        }
        if (rs.constrained()) {
            throw new EngineException(
                    ErrorCode.NOT_IMPLEMENTED,
                    "constrained (JSON schema) decoding needs logits; the Triton engine samples remotely");
        }
        int prompt = request.promptIds().length;
        if (prompt >= info.maxContext()) {
            throw new EngineException(
                    ErrorCode.CONTEXT_TOO_LONG,
                    "prompt has " + prompt + " tokens, the Triton engine's context is " + info.maxContext());
        }
        int outputLen = Math.min(request.maxNewTokens(), info.maxContext() - prompt);
        ModelInferRequest req = TritonRequests.build(
                model, request, rs.params(), rs.stopIds(), info.vocabSize(), info.hiddenSize(), outputLen, dtype);
        var stub = GRPCInferenceServiceGrpc.newStub(channel);
        if (request.deadline() != null) {
            long nanos = Duration.between(Instant.now(), request.deadline()).toNanos();
            if (nanos <= 0) {
                throw new EngineException(ErrorCode.DEADLINE_EXCEEDED, "deadline passed before the request started");
            }
            stub = stub.withDeadlineAfter(nanos, TimeUnit.NANOSECONDS);
        }
        Call call = new Call(rs, sink, prompt, outputLen);
        stub.modelStreamInfer(call).onNext(req);
        return call;
    }

    @Override
    public void close() {
        if (ownsChannel && channel instanceof ManagedChannel mc) {
            mc.shutdownNow();
        }
    }

    /** One streamed sequence. */
    private static final class Call
            implements ClientResponseObserver<ModelInferRequest, ModelStreamInferResponse>, SequenceHandle {
        private final RemoteSampling selector;
        private final TokenSink sink;
        private final int prompt;
        private final int budget;
        private final AtomicBoolean finished = new AtomicBoolean();
        private volatile ClientCallStreamObserver<ModelInferRequest> requests;
        private volatile boolean cancelRequested;
        private int produced;

        Call(RemoteSampling selector, TokenSink sink, int prompt, int budget) {
            this.selector = selector;
            this.sink = sink;
            this.prompt = prompt;
            this.budget = budget;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<ModelInferRequest> requestStream) {
            this.requests = requestStream;
        }

        @Override
        public synchronized void onNext(ModelStreamInferResponse value) {
            if (finished.get()) {
                return;
            }
            if (!value.getErrorMessage().isEmpty()) {
                finish(
                        TokenSink.FinishReason.ERROR,
                        new EngineException(ErrorCode.INTERNAL, "Triton: " + value.getErrorMessage()));
                return;
            }
            for (int token : TritonRequests.outputIds(value.getInferResponse())) {
                TokenSelector.Choice c = selector.observe(token);
                produced++;
                if (c.emit()) {
                    sink.onToken(token, c.logprob());
                }
                if (c.stop()) {
                    finish(TokenSink.FinishReason.STOP, null);
                    return;
                }
                if (produced >= budget) {
                    finish(TokenSink.FinishReason.LENGTH, null);
                    return;
                }
            }
            InferParameter fin = value.getInferResponse().getParametersMap().get("triton_final_response");
            if (fin != null && fin.getBoolParam()) {
                if (finished.compareAndSet(false, true)) {
                    ClientCallStreamObserver<ModelInferRequest> r = requests;
                    if (r != null) {
                        r.onCompleted(); // the server is done with this request: close our half
                    }
                    sink.onFinish(TokenSink.FinishReason.LENGTH, prompt, produced, null);
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            Status s = Status.fromThrowable(t);
            switch (s.getCode()) {
                case CANCELLED -> finishQuietly(TokenSink.FinishReason.CANCELLED, null);
                case DEADLINE_EXCEEDED ->
                    finishQuietly(
                            TokenSink.FinishReason.DEADLINE,
                            new EngineException(ErrorCode.DEADLINE_EXCEEDED, "Triton call passed its deadline"));
                case UNAVAILABLE ->
                    finishQuietly(
                            TokenSink.FinishReason.ERROR,
                            new EngineException(
                                    ErrorCode.ENGINE_UNAVAILABLE, "Triton unavailable: " + s.getDescription()));
                default ->
                    finishQuietly(
                            cancelRequested ? TokenSink.FinishReason.CANCELLED : TokenSink.FinishReason.ERROR,
                            new EngineException(ErrorCode.INTERNAL, "Triton call failed: " + s));
            }
        }

        @Override
        public void onCompleted() {
            finishQuietly(TokenSink.FinishReason.LENGTH, null);
        }

        @Override
        public void cancel() {
            cancelRequested = true;
            ClientCallStreamObserver<ModelInferRequest> r = requests;
            if (r != null && !finished.get()) {
                r.cancel("sequence cancelled", null);
            }
            finishQuietly(TokenSink.FinishReason.CANCELLED, null);
        }

        /** Ends the sequence early and cancels the stream, which also frees the server's slot. */
        private void finish(TokenSink.FinishReason reason, Throwable error) {
            if (finished.compareAndSet(false, true)) {
                ClientCallStreamObserver<ModelInferRequest> r = requests;
                if (r != null) {
                    r.cancel("sequence finished: " + reason, null);
                }
                sink.onFinish(reason, prompt, produced, error);
            }
        }

        private void finishQuietly(TokenSink.FinishReason reason, Throwable error) {
            if (finished.compareAndSet(false, true)) {
                sink.onFinish(reason, prompt, produced, error);
            }
        }
    }
}
