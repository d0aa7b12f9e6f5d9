package dev.hcxmesh.decoder.sampling;

import java.util.List;

/**
 * Validated sampling settings of one sequence. Defaults follow the model card (§6.3): {@code
 * temperature 0.5, top_p 0.6, repetition_penalty 1.0}.
 *
 * @param temperature softmax temperature, {@code >= 0}; 0 means greedy
 * @param topP nucleus mass in {@code (0, 1]}
 * @param topK keep the k most likely tokens; 0 disables
 * @param repetitionPenalty CTRL-style penalty {@code > 0}; 1 disables
 * @param maxTokens generation budget, {@code >= 1}
 * @param seed RNG seed; null draws a fresh one
 * @param stop stop strings matched on the decoded bytes (at most 16, none empty)
 * @param greedy argmax regardless of temperature
 * @param logprobs number of top alternatives to report per token (0 = only the chosen token's)
 * @param reportLogprobs whether log-probabilities are reported at all
 */
public record SamplingParams(
        float temperature,
        float topP,
        int topK,
        float repetitionPenalty,
        int maxTokens,
        Long seed,
        List<String> stop,
        boolean greedy,
        int logprobs,
        boolean reportLogprobs) {

    public static final float DEFAULT_TEMPERATURE = 0.5f;
    public static final float DEFAULT_TOP_P = 0.6f;
    public static final float DEFAULT_REPETITION_PENALTY = 1.0f;
    public static final int MAX_STOP_STRINGS = 16;
    public static final int MAX_LOGPROBS = 20;

    public SamplingParams {
        require(
                Float.isFinite(temperature) && temperature >= 0 && temperature <= 100,
                "temperature must be in [0, 100], found " + temperature);
        require(topP > 0 && topP <= 1, "top_p must be in (0, 1], found " + topP);
        require(topK >= 0, "top_k must be >= 0, found " + topK);
        require(
                Float.isFinite(repetitionPenalty) && repetitionPenalty > 0,
                "repetition_penalty must be > 0, found " + repetitionPenalty);
        require(maxTokens >= 1, "max_tokens must be >= 1, found " + maxTokens);
        stop = stop == null ? List.of() : List.copyOf(stop);
        require(stop.size() <= MAX_STOP_STRINGS, "at most " + MAX_STOP_STRINGS + " stop strings, found " + stop.size());
        for (String s : stop) {
            require(!s.isEmpty(), "stop strings must not be empty");
        }
        require(
                logprobs >= 0 && logprobs <= MAX_LOGPROBS,
                "logprobs must be in [0, " + MAX_LOGPROBS + "], found " + logprobs);
    }

    /** Model-card defaults with the given budget. */
    public static SamplingParams defaults(int maxTokens) {
        return new SamplingParams(
                DEFAULT_TEMPERATURE,
                DEFAULT_TOP_P,
                0,
                DEFAULT_REPETITION_PENALTY,
                maxTokens,
                null,
                List.of(),
                false,
                0,
                false);
    }

    /** True when sampling collapses to argmax. */
    public boolean isGreedy() {
        return greedy || temperature == 0f;
    }

    /**
     * Builds from optional fields (null = default); shared by the gRPC and OpenAI front ends.
     *
     * @throws IllegalArgumentException naming the bad field
     */
    public static SamplingParams of(
            Float temperature,
            Float topP,
            Integer topK,
            Float repetitionPenalty,
            Integer maxTokens,
            int defaultMaxTokens,
            Long seed,
            List<String> stop,
            boolean greedy,
            Integer logprobs,
            boolean reportLogprobs) {
        return new SamplingParams(
                temperature == null ? DEFAULT_TEMPERATURE : temperature,
                topP == null ? DEFAULT_TOP_P : topP,
                topK == null ? 0 : topK,
                repetitionPenalty == null ? DEFAULT_REPETITION_PENALTY : repetitionPenalty,
                maxTokens == null ? defaultMaxTokens : maxTokens,
                seed,
                stop,
                greedy,
                logprobs == null ? 0 : logprobs,
                reportLogprobs);
    }

    /** From the public gRPC contract; unset optional fields take the model-card defaults. */
    public static SamplingParams fromProto(dev.hcxmesh.api.v1.SamplingParams p, int defaultMaxTokens) {
        return of(
                p.hasTemperature() ? p.getTemperature() : null,
                p.hasTopP() ? p.getTopP() : null,
                p.hasTopK() ? p.getTopK() : null,
                p.hasRepetitionPenalty() ? p.getRepetitionPenalty() : null,
                p.hasMaxTokens() ? p.getMaxTokens() : null,
                defaultMaxTokens,
                p.hasSeed() ? p.getSeed() : null,
                p.getStopList(),
                p.getGreedy(),
                p.getLogprobs(),
                p.getLogprobs() > 0);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
