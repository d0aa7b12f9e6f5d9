package dev.hcxmesh.encoder.engine;

/**
 * Checkpoint tensor names of the vision tower, the C-Abstractor and {@code image_newline} (HF layout,
 * HCX-MODEL-SPEC §3). The SigLIP prefix is configurable because checkpoints differ in nesting.
 *
 * @param vision prefix of SigLIP tensors, e.g. {@code vision_model.vision_model.}
 * @param projector prefix of the C-Abstractor, {@code mm_projector.}
 * @param newline full name of the newline vector, {@code image_newline}
 */
public record VisionWeightNames(String vision, String projector, String newline) {

    /** The HF checkpoint layout. */
    public static final VisionWeightNames HF =
            new VisionWeightNames("vision_model.vision_model.", "mm_projector.", "image_newline");

    public VisionWeightNames {
        if (vision == null || projector == null || newline == null) {
            throw new IllegalArgumentException("weight name prefixes must not be null");
        }
    }

    /** Same names with another SigLIP prefix. */
    public VisionWeightNames withVisionPrefix(String prefix) {
        return new VisionWeightNames(prefix, projector, newline);
    }

    // ---- SigLIP ----

    /** Conv2d weight {@code [C, 3, p, p]}. */
    public String patchWeight() {
        return vision + "embeddings.patch_embedding.weight";
    }

    /** {@code [C]}. */
    public String patchBias() {
        return vision + "embeddings.patch_embedding.bias";
    }

    /** {@code [729, C]}. */
    public String positionEmbedding() {
        return vision + "embeddings.position_embedding.weight";
    }

    /** {@code encoder.layers.i.<suffix>}: e.g. {@code self_attn.q_proj.weight}, {@code layer_norm1.bias}. */
    public String layer(int i, String suffix) {
        return vision + "encoder.layers." + i + "." + suffix;
    }

    /** Linear weight {@code [out, in]} of q, k, v or out projection. */
    public String attn(int i, String proj, String param) {
        return layer(i, "self_attn." + proj + "_proj." + param);
    }

    /** {@code layer_norm1} or {@code layer_norm2} weight/bias. */
    public String layerNorm(int i, int which, String param) {
        return layer(i, "layer_norm" + which + "." + param);
    }

    /** {@code mlp.fc1} or {@code mlp.fc2} weight/bias. */
    public String mlp(int i, int fc, String param) {
        return layer(i, "mlp.fc" + fc + "." + param);
    }

    // ---- C-Abstractor ----

    /** {@code [1, 729, C]}. */
    public String projectorPosEmb() {
        return projector + "pos_emb";
    }

    /**
     * A RegStage bottleneck tensor.
     *
     * @param stage 0 (s1, {@code net.0}) or 2 (s2, {@code net.2})
     * @param block 1..depth
     * @param suffix e.g. {@code conv1.conv.weight}, {@code conv2.bn.bias}, {@code se.fc1.weight}
     */
    public String block(int stage, int block, String suffix) {
        return projector + "net." + stage + ".b" + block + "." + suffix;
    }

    /** {@code readout.0} or {@code readout.2} weight/bias. */
    public String readout(int index, String param) {
        return projector + "readout." + index + "." + param;
    }
}
