package dev.hcxmesh.decoder.engine.llama;

/**
 * Checkpoint tensor names of the Llama text model, under one configurable prefix ({@code
 * language_model.} in the HCX checkpoint, empty for a bare Llama). Kept in one place so the lead can
 * reconcile it with the central weight-name registry.
 *
 * @param prefix prepended to every name, e.g. {@code language_model.}
 */
public record LlamaWeightNames(String prefix) {

    /** The HCX-Vision layout: {@code language_model.model.*} and {@code language_model.lm_head.weight}. */
    public static final LlamaWeightNames HCX = new LlamaWeightNames("language_model.");

    public LlamaWeightNames {
        if (prefix == null) {
            throw new IllegalArgumentException("prefix must not be null (use \"\" for none)");
        }
    }

    /** {@code [V, D]} token embedding. */
    public String embedTokens() {
        return prefix + "model.embed_tokens.weight";
    }

    /** {@code [D]} final RMSNorm weight. */
    public String finalNorm() {
        return prefix + "model.norm.weight";
    }

    /** {@code [V, D]} output head; absent when the embeddings are tied. */
    public String lmHead() {
        return prefix + "lm_head.weight";
    }

    /** {@code [H*hd, D]}. */
    public String q(int layer) {
        return layer(layer) + "self_attn.q_proj.weight";
    }

    /** {@code [KV*hd, D]}. */
    public String k(int layer) {
        return layer(layer) + "self_attn.k_proj.weight";
    }

    /** {@code [KV*hd, D]}. */
    public String v(int layer) {
        return layer(layer) + "self_attn.v_proj.weight";
    }

    /** {@code [D, H*hd]}. */
    public String o(int layer) {
        return layer(layer) + "self_attn.o_proj.weight";
    }

    /** {@code [F, D]}. */
    public String gate(int layer) {
        return layer(layer) + "mlp.gate_proj.weight";
    }

    /** {@code [F, D]}. */
    public String up(int layer) {
        return layer(layer) + "mlp.up_proj.weight";
    }

    /** {@code [D, F]}. */
    public String down(int layer) {
        return layer(layer) + "mlp.down_proj.weight";
    }

    /** {@code [D]}. */
    public String inputNorm(int layer) {
        return layer(layer) + "input_layernorm.weight";
    }

    /** {@code [D]}. */
    public String postAttentionNorm(int layer) {
        return layer(layer) + "post_attention_layernorm.weight";
    }

    private String layer(int i) {
        return prefix + "model.layers." + i + ".";
    }
}
