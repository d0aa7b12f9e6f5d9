package dev.hcxmesh.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcxmesh.model.config.ConnectorConfig;
import dev.hcxmesh.model.config.HcxConfig;
import dev.hcxmesh.model.config.PreprocessorConfig;
import dev.hcxmesh.model.config.TextConfig;
import dev.hcxmesh.model.config.VisionConfig;
import dev.hcxmesh.model.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WeightNamesTest {
    /** HCX-Vision-3B geometry (SigLIP so400m at 378 px, text width 3072; text dims from §1.4's check). */
    static HcxConfig hcx3b(boolean tied, int useNthLayer) {
        var vision = new VisionConfig(1152, 27, 16, 4304, 378, 14, 1e-6, "gelu_pytorch_tanh");
        var text = new TextConfig(
                3072, 32, 24, 8, 128, 7168, 110592, 10000, null, 1e-5, tied, 16384, false, List.of(1), null);
        var connector = new ConnectorConfig("cabstractor", useNthLayer, 81, 81, 9, false, true, false, 3, 2);
        return new HcxConfig(
                "hyperclovax_vlm", vision, text, connector, PreprocessorConfig.hcxDefaults(), 100271, 100270);
    }

    static Map<String, TensorSpec> byName(List<TensorSpec> specs) {
        return specs.stream().collect(Collectors.toMap(TensorSpec::name, Function.identity()));
    }

    @Test
    void fullNamesFollowTheHubLayout() {
        var specs = byName(WeightNames.expected(hcx3b(false, -2)));
        assertThat(specs.get("vision_model.vision_model.encoder.layers.0.mlp.fc1.weight")
                        .shape())
                .containsExactly(4304, 1152);
        assertThat(specs.get("vision_model.vision_model.embeddings.patch_embedding.weight")
                        .shape())
                .containsExactly(1152, 3, 14, 14);
        assertThat(specs.get("vision_model.vision_model.embeddings.position_embedding.weight")
                        .shape())
                .containsExactly(729, 1152);
        assertThat(specs.get("vision_model.vision_model.encoder.layers.25.self_attn.out_proj.bias")
                        .shape())
                .containsExactly(1152);
        assertThat(specs).doesNotContainKey("vision_model.vision_model.encoder.layers.26.mlp.fc1.weight");
        assertThat(specs.get("mm_projector.pos_emb").shape()).containsExactly(1, 729, 1152);
        assertThat(specs.get("mm_projector.net.0.b1.conv2.conv.weight").shape()).containsExactly(1152, 1, 3, 3);
        assertThat(specs.get("mm_projector.net.2.b3.se.fc1.weight").shape()).containsExactly(288, 1152, 1, 1);
        assertThat(specs.get("mm_projector.net.2.b3.se.fc2.weight").shape()).containsExactly(1152, 288, 1, 1);
        assertThat(specs.get("mm_projector.net.0.b2.conv3.bn.bias").shape()).containsExactly(1152);
        assertThat(specs.get("mm_projector.readout.0.weight").shape()).containsExactly(3072, 1152);
        assertThat(specs.get("mm_projector.readout.2.weight").shape()).containsExactly(3072, 3072);
        assertThat(specs.get("image_newline").shape()).containsExactly(3072);
        assertThat(specs.get("language_model.model.embed_tokens.weight").shape())
                .containsExactly(110592, 3072);
        assertThat(specs.get("language_model.model.layers.31.self_attn.k_proj.weight")
                        .shape())
                .containsExactly(1024, 3072);
        assertThat(specs.get("language_model.model.layers.0.self_attn.o_proj.weight")
                        .shape())
                .containsExactly(3072, 3072);
        assertThat(specs.get("language_model.model.layers.0.mlp.down_proj.weight")
                        .shape())
                .containsExactly(3072, 7168);
        assertThat(specs).containsKeys("language_model.model.norm.weight", "language_model.lm_head.weight");
        assertThat(specs).doesNotContainKey("language_model.model.layers.0.self_attn.q_proj.bias");
    }

    @Test
    void tiedEmbeddingsHaveNoLmHead() {
        var cfg = hcx3b(true, -2);
        assertThat(byName(WeightNames.expected(cfg))).doesNotContainKey(WeightNames.LM_HEAD);
        assertThat(WeightNames.lmHead(cfg.text())).isEqualTo(WeightNames.EMBED_TOKENS);
    }

    @Test
    void visionModuleSizeMatchesTheCard() {
        // The card's "0.43 B vision module": 26 SigLIP layers + embeddings + C-Abstractor (+ newline).
        var cfg = hcx3b(false, -2);
        long params = 0;
        for (TensorSpec s : WeightNames.vision(cfg.vision(), cfg.connector())) {
            params += Tensor.numel(s.shape());
        }
        for (TensorSpec s : WeightNames.projector(cfg)) {
            params += Tensor.numel(s.shape());
        }
        assertThat(params / 1e6).isBetween(431.0, 432.5);
    }

    @Test
    void layerCountFollowsUseNthLayer() {
        assertThat(WeightNames.vision(
                        hcx3b(false, -1).vision(), hcx3b(false, -1).connector()))
                .anyMatch(s -> s.name().contains("layers.26."));
        var zero = hcx3b(false, 0);
        assertThat(WeightNames.vision(zero.vision(), zero.connector()))
                .noneMatch(s -> s.name().contains("layers.1."));
        var bad = hcx3b(false, -28);
        assertThatThrownBy(() -> WeightNames.vision(bad.vision(), bad.connector()))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("use_nth_layer -28");
    }

    @Test
    void seWidthUsesPythonRounding() {
        assertThat(WeightNames.seWidth(1152)).isEqualTo(288);
        assertThat(WeightNames.seWidth(32)).isEqualTo(8);
        assertThat(WeightNames.seWidth(10)).isEqualTo(2); // round(2.5) = 2 in Python
        assertThat(WeightNames.seWidth(14)).isEqualTo(4); // round(3.5) = 4
    }

    @Test
    void onlyCabstractorIsSupported() {
        var c = hcx3b(false, -2);
        var mlp = new HcxConfig(
                c.modelType(),
                c.vision(),
                c.text(),
                new ConnectorConfig("mlp", -2, 81, 81, 9, false, true, false, 3, 2),
                c.preprocessor(),
                1,
                2);
        assertThatThrownBy(() -> WeightNames.expected(mlp))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("mm_projector_type \"mlp\"");
    }
}
