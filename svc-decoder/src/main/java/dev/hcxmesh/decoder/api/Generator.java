package dev.hcxmesh.decoder.api;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.decoder.admission.AdmissionQueue;
import dev.hcxmesh.decoder.constrained.ConstraintLimits;
import dev.hcxmesh.decoder.constrained.JsonSchemaMask;
import dev.hcxmesh.decoder.constrained.SchemaCompiler;
import dev.hcxmesh.decoder.constrained.SchemaNode;
import dev.hcxmesh.decoder.constrained.TokenTrie;
import dev.hcxmesh.decoder.engine.EngineException;
import dev.hcxmesh.decoder.engine.SequenceHandle;
import dev.hcxmesh.decoder.engine.SequenceRequest;
import dev.hcxmesh.decoder.engine.TokenSink;
import dev.hcxmesh.decoder.sampling.LogitMask;
import dev.hcxmesh.decoder.sampling.SamplingSelector;
import dev.hcxmesh.decoder.sampling.StopStrings;
import dev.hcxmesh.decoder.sampling.StopTokens;
import dev.hcxmesh.model.tokenizer.Vocabulary;
import java.util.List;

/**
 * Turns a {@link GenerationRequest} into an engine sequence: builds the per-sequence selector
 * (sampling, stops, optional JSON-schema mask), submits through admission, and detokenizes the
 * token stream into text deltas with stop strings held back. Shared by the gRPC and OpenAI front
 * ends; thread-safe.
 */
public final class Generator {
    private final AdmissionQueue admission;
    private final Vocabulary vocab;
    private final ConstraintLimits limits;
    private final int[] stopIds;
    private volatile TokenTrie trie;

    public Generator(AdmissionQueue admission, Vocabulary vocab, ConstraintLimits limits) {
        this.admission = admission;
        this.vocab = vocab;
        this.limits = limits;
        this.stopIds = StopTokens.resolve(vocab);
    }

    public Vocabulary vocabulary() {
        return vocab;
    }

    /**
     * Starts a generation.
     *
     * @throws EngineException when the schema is unusable or admission refuses (QUEUE_FULL,
     *     CONTEXT_TOO_LONG, ENGINE_UNAVAILABLE); nothing is reported to the listener then
     */
    public SequenceHandle start(GenerationRequest req, GenerationListener listener) {
        LogitMask mask = null;
        if (req.responseSchema() != null) {
            SchemaNode schema = new SchemaCompiler(limits).compile(req.responseSchema());
            JsonSchemaMask jsonMask = new JsonSchemaMask(schema, limits, vocab, trie());
            int needed = jsonMask.remainingCost();
            if (needed > req.sampling().maxTokens()) {
                throw new EngineException(
                        ErrorCode.PROMPT_INVALID,
                        "max_tokens " + req.sampling().maxTokens()
                                + " cannot hold the shortest output of the response schema (" + needed + " tokens)");
            }
            mask = jsonMask;
        }
        SamplingSelector selector = new SamplingSelector(req.sampling(), vocab, stopIds, mask);
        SequenceRequest seq = new SequenceRequest(
                req.id(),
                req.prompt().ids(),
                req.prompt().splices(),
                selector,
                req.sampling().maxTokens(),
                req.priority(),
                req.tenant(),
                req.deadline());
        return admission.submit(
                seq, new Sink(selector, new StopStrings(req.sampling().stop()), listener));
    }

    private TokenTrie trie() {
        TokenTrie t = trie;
        if (t == null) {
            synchronized (this) {
                if (trie == null) {
                    trie = new TokenTrie(vocab);
                }
                t = trie;
            }
        }
        return t;
    }

    /** Pairs engine tokens with the selector's decisions and releases text. */
    private final class Sink implements TokenSink {
        private final SamplingSelector selector;
        private final StopStrings stops;
        private final GenerationListener listener;

        Sink(SamplingSelector selector, StopStrings stops, GenerationListener listener) {
            this.selector = selector;
            this.stops = stops;
            this.listener = listener;
        }

        @Override
        public synchronized void onToken(int token, float logprob) {
            SamplingSelector.Step step = selector.pollStep();
            while (step != null && (step.token() != token || !step.emit())) {
                step = selector.pollStep();
            }
            if (vocab.isSpecial(token) || token < 0 || token >= vocab.size()) {
                return; // stop and placeholder tokens never become text
            }
            String text = stops.append(vocab.tokenBytes(token));
            listener.onDelta(new GenerationListener.Delta(
                    text,
                    token,
                    step != null ? step.logprob() : logprob,
                    step != null ? step.alternatives() : List.of()));
        }

        @Override
        public synchronized void onFinish(
                FinishReason reason, int promptTokens, int completionTokens, Throwable error) {
            String tail = stops.flush();
            if (!tail.isEmpty()) {
                listener.onDelta(new GenerationListener.Delta(tail, -1, Float.NaN, List.of()));
            }
            switch (reason) {
                case STOP -> listener.onDone(new GenerationListener.Done("stop", promptTokens, completionTokens));
                case LENGTH -> listener.onDone(new GenerationListener.Done("length", promptTokens, completionTokens));
                case CANCELLED ->
                    listener.onDone(new GenerationListener.Done("cancelled", promptTokens, completionTokens));
                case DEADLINE ->
                    listener.onError(
                            error instanceof EngineException e
                                    ? e
                                    : new EngineException(
                                            ErrorCode.DEADLINE_EXCEEDED,
                                            "deadline passed after " + completionTokens + " tokens"));
                case ERROR ->
                    listener.onError(
                            error instanceof EngineException e
                                    ? e
                                    : new EngineException(
                                            ErrorCode.INTERNAL,
                                            "engine failed: " + (error == null ? "unknown" : error)));
            }
        }
    }
}
