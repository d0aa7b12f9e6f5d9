package dev.hcxmesh.decoder.sampling;

import dev.hcxmesh.model.tokenizer.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The composed per-sequence selector: repetition penalty, constraint mask, then greedy or
 * temperature / top-k / top-p sampling from a seeded generator; stop tokens and stop strings end
 * the sequence. Each decision is also queued as a {@link Step} (with log-probabilities and
 * alternatives) for the front end to pair with the tokens it receives. Not thread-safe.
 */
public final class SamplingSelector implements RemoteSampling {
    private final SamplingParams params;
    private final Vocabulary vocab;
    private final int[] stopIds;
    private final LogitMask mask;
    private final List<LogitProcessor> processors = new ArrayList<>();
    private final LogitProcessor penalty;
    private final Sampler sampler;
    private final StopStrings stopStrings;
    private final TokenHistory history = new TokenHistory();
    private final ConcurrentLinkedQueue<Step> steps = new ConcurrentLinkedQueue<>();

    /**
     * One decision.
     *
     * @param token chosen id
     * @param logprob log-softmax under the unmodified logits (NaN when observed without logits)
     * @param alternatives the top-n tokens of the unmodified distribution (empty unless requested)
     * @param stop this token ends the sequence
     * @param emit this token's text belongs to the output
     */
    public record Step(int token, float logprob, List<Logprobs.Alternative> alternatives, boolean stop, boolean emit) {}

    /**
     * @param stopIds token ids that end the sequence and are not emitted (see {@link StopTokens})
     * @param mask optional constraint (null for free text)
     */
    public SamplingSelector(SamplingParams params, Vocabulary vocab, int[] stopIds, LogitMask mask) {
        this.params = params;
        this.vocab = vocab;
        this.stopIds = java.util.Arrays.stream(stopIds).sorted().distinct().toArray();
        this.mask = mask;
        this.penalty =
                params.repetitionPenalty() != 1f ? Processors.repetitionPenalty(params.repetitionPenalty()) : null;
        if (params.isGreedy()) {
            sampler = Sampler.GREEDY;
        } else {
            processors.add(Processors.temperature(params.temperature()));
            if (params.topK() > 0) {
                processors.add(Processors.topK(params.topK()));
            }
            if (params.topP() < 1f) {
                processors.add(Processors.topP(params.topP()));
            }
            long seed = params.seed() != null
                    ? params.seed()
                    : ThreadLocalRandom.current().nextLong();
            sampler = Sampler.categorical(Sampler.seeded(seed));
        }
        this.stopStrings = new StopStrings(params.stop());
    }

    @Override
    public Choice select(float[] logits) {
        double lse = Logprobs.logSumExp(logits);
        List<Logprobs.Alternative> alts = params.reportLogprobs() && params.logprobs() > 0
                ? Logprobs.top(logits, lse, params.logprobs())
                : List.of();
        float[] raw = logits.clone(); // [vocab] unmodified, for the chosen token's log-probability
        if (penalty != null) {
            penalty.apply(logits, history);
        }
        if (mask != null) {
            mask.mask(logits, stopIds, params.maxTokens() - history.size());
            if (allMasked(logits)) {
                // nothing may follow: finish if the value is complete, otherwise the schema is unsatisfiable
                if (mask.canFinish()) {
                    int end = stopIds.length > 0 ? stopIds[0] : 0;
                    return record(end, 0f, alts, true, false);
                }
                throw new IllegalStateException("constraint allows no token and the output is incomplete");
            }
        }
        for (LogitProcessor p : processors) {
            p.apply(logits, history);
        }
        int token = sampler.sample(logits);
        float logprob = (float) (raw[token] - lse);
        return decide(token, logprob, alts);
    }

    @Override
    public Choice observe(int token) {
        return decide(token, Float.NaN, List.of());
    }

    private Choice decide(int token, float logprob, List<Logprobs.Alternative> alts) {
        history.add(token);
        if (StopTokens.contains(stopIds, token)) {
            return record(token, logprob, alts, true, false);
        }
        if (mask != null) {
            mask.accept(token);
        }
        boolean stop = mask != null && mask.isComplete();
        if (token >= 0 && token < vocab.size() && !vocab.isSpecial(token)) {
            stopStrings.append(vocab.tokenBytes(token));
            stop |= stopStrings.matched();
        }
        return record(token, logprob, alts, stop, true);
    }

    private Choice record(int token, float logprob, List<Logprobs.Alternative> alts, boolean stop, boolean emit) {
        steps.add(new Step(token, logprob, alts, stop, emit));
        return new Choice(token, logprob, stop, emit);
    }

    private static boolean allMasked(float[] logits) {
        for (float l : logits) {
            if (l != Float.NEGATIVE_INFINITY) {
                return false;
            }
        }
        return true;
    }

    /** The oldest decision not yet taken, or null. Safe to call from another thread. */
    public Step pollStep() {
        return steps.poll();
    }

    @Override
    public SamplingParams params() {
        return params;
    }

    @Override
    public int[] stopIds() {
        return stopIds.clone();
    }

    @Override
    public boolean constrained() {
        return mask != null;
    }

    /** Tokens decided so far. */
    public int generated() {
        return history.size();
    }
}
