package dev.hcxmesh.decoder.engine.llama;

import dev.hcxmesh.model.config.TextConfig;

/**
 * The dimensions a Llama forward needs, validated once.
 *
 * @param hidden D
 * @param layers number of decoder layers
 * @param heads H query heads
 * @param kvHeads KV heads (GQA: H is a multiple of KV)
 * @param headDim hd (even, for RoPE pairs)
 * @param ffn F, SwiGLU inner width
 * @param vocab V
 * @param rmsEps RMSNorm epsilon
 * @param tied output head shares the embedding matrix
 * @param maxContext longest sequence served (prompt + completion)
 */
public record LlamaShape(
        int hidden,
        int layers,
        int heads,
        int kvHeads,
        int headDim,
        int ffn,
        int vocab,
        float rmsEps,
        boolean tied,
        int maxContext) {

    public LlamaShape {
        if (hidden <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || ffn <= 0 || vocab <= 0 || maxContext <= 0) {
            throw new IllegalArgumentException("all dimensions must be positive: " + hidden + "/" + layers + "/" + heads
                    + "/" + kvHeads + "/" + ffn + "/" + vocab + "/" + maxContext);
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException(
                    "heads must be a multiple of kv heads, found heads=" + heads + " kvHeads=" + kvHeads);
        }
        if (headDim <= 0 || headDim % 2 != 0) {
            throw new IllegalArgumentException("head_dim must be positive and even, found " + headDim);
        }
    }

    /** From the checkpoint's text config; a head_dim of 0 means hidden / heads. */
    public static LlamaShape of(TextConfig c) {
        int hd = c.headDim() > 0 ? c.headDim() : c.hiddenSize() / c.numHeads();
        if (c.attentionBias()) {
            throw new IllegalArgumentException("attention_bias=true is not supported (expected false for Llama)");
        }
        return new LlamaShape(
                c.hiddenSize(),
                c.numLayers(),
                c.numHeads(),
                c.numKvHeads(),
                hd,
                c.intermediateSize(),
                c.vocabSize(),
                (float) c.rmsNormEps(),
                c.tieWordEmbeddings(),
                c.maxPositionEmbeddings());
    }

    /** H * hd, the width of q and of the o_proj input. */
    public int qDim() {
        return heads * headDim;
    }

    /** KV * hd, the width of k and v. */
    public int kvDim() {
        return kvHeads * headDim;
    }

    /** H / KV query heads per KV head. */
    public int groupSize() {
        return heads / kvHeads;
    }
}
