package dev.hcxmesh.model.checkpoint;

import java.util.List;

/**
 * {@code generation_config.json}: stop ids and the checkpoint's suggested sampling settings. Every
 * sampling field is {@code null} when the file does not set it (the caller's own default applies).
 *
 * @param eosTokenIds every id that ends generation (the file's {@code eos_token_id}, int or list;
 *     falls back to the text config's ids when the file has none)
 * @param bosTokenId {@code bos_token_id}, or null
 * @param padTokenId {@code pad_token_id}, or null
 * @param doSample {@code do_sample}, or null
 * @param temperature {@code temperature}, or null
 * @param topP {@code top_p}, or null
 * @param topK {@code top_k}, or null
 * @param repetitionPenalty {@code repetition_penalty}, or null
 * @param maxNewTokens {@code max_new_tokens}, or null
 * @param maxLength {@code max_length}, or null
 */
public record GenerationConfig(
        List<Integer> eosTokenIds,
        Integer bosTokenId,
        Integer padTokenId,
        Boolean doSample,
        Double temperature,
        Double topP,
        Integer topK,
        Double repetitionPenalty,
        Integer maxNewTokens,
        Integer maxLength) {

    public GenerationConfig {
        eosTokenIds = List.copyOf(eosTokenIds);
        if (temperature != null && temperature < 0) {
            throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        }
        if (topP != null && (topP <= 0 || topP > 1)) {
            throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
        }
    }

    /** Only stop ids, no sampling hints (a checkpoint without {@code generation_config.json}). */
    public static GenerationConfig ofEos(List<Integer> eosTokenIds, Integer bosTokenId) {
        return new GenerationConfig(eosTokenIds, bosTokenId, null, null, null, null, null, null, null, null);
    }
}
