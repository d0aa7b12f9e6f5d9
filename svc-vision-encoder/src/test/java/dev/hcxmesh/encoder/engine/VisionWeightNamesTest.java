package dev.hcxmesh.encoder.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The checkpoint names are a contract with the checkpoint (HCX-MODEL-SPEC §3); pin a sample of each family. */
class VisionWeightNamesTest {
    @Test
    void hfNames() {
        var n = VisionWeightNames.HF;
        assertThat(n.patchWeight()).isEqualTo("vision_model.vision_model.embeddings.patch_embedding.weight");
        assertThat(n.positionEmbedding()).isEqualTo("vision_model.vision_model.embeddings.position_embedding.weight");
        assertThat(n.attn(3, "out", "bias"))
                .isEqualTo("vision_model.vision_model.encoder.layers.3.self_attn.out_proj.bias");
        assertThat(n.layerNorm(0, 2, "weight"))
                .isEqualTo("vision_model.vision_model.encoder.layers.0.layer_norm2.weight");
        assertThat(n.mlp(25, 1, "weight")).isEqualTo("vision_model.vision_model.encoder.layers.25.mlp.fc1.weight");
        assertThat(n.projectorPosEmb()).isEqualTo("mm_projector.pos_emb");
        assertThat(n.block(0, 1, "conv2.conv.weight")).isEqualTo("mm_projector.net.0.b1.conv2.conv.weight");
        assertThat(n.block(2, 3, "se.fc2.bias")).isEqualTo("mm_projector.net.2.b3.se.fc2.bias");
        assertThat(n.block(2, 2, "conv3.bn.weight")).isEqualTo("mm_projector.net.2.b2.conv3.bn.weight");
        assertThat(n.readout(2, "weight")).isEqualTo("mm_projector.readout.2.weight");
        assertThat(n.newline()).isEqualTo("image_newline");
        assertThat(n.withVisionPrefix("vision_model.").patchBias())
                .isEqualTo("vision_model.embeddings.patch_embedding.bias");
    }
}
