package dev.hcxmesh.model.config;

import java.util.List;

/**
 * Llama decoder geometry, from {@code config.json → text_config} (new layout) or {@code
 * language_config} (old layout).
 *
 * @param ropeScaling {@code null} when the config has none
 * @param eosTokenIds every id the config lists as end of sequence
 */
public record TextConfig(
        int hiddenSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int headDim,
        int intermediateSize,
        int vocabSize,
        double ropeTheta,
        RopeScaling ropeScaling,
        double rmsNormEps,
        boolean tieWordEmbeddings,
        int maxPositionEmbeddings,
        boolean attentionBias,
        List<Integer> eosTokenIds,
        Integer bosTokenId) {

    public TextConfig {
        eosTokenIds = List.copyOf(eosTokenIds);
    }

    /**
     * RoPE scaling as HF writes it ({@code rope_type} linear, dynamic, llama3...).
     *
     * @param type rope_type
     * @param factor scaling factor
     * @param lowFreqFactor llama3 only
     * @param highFreqFactor llama3 only
     * @param originalMaxPositionEmbeddings llama3 / dynamic
     */
    public record RopeScaling(
            String type,
            double factor,
            double lowFreqFactor,
            double highFreqFactor,
            int originalMaxPositionEmbeddings) {}
}
