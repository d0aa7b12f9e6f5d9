package dev.hcxmesh.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcxmesh.model.checkpoint.CheckpointException.Kind;
import dev.hcxmesh.model.config.PreprocessorConfig.Resolution;
import dev.hcxmesh.model.fixtures.TinyCheckpoint;
import dev.hcxmesh.model.fixtures.TinyCheckpoint.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigParserTest {
    @TempDir
    Path tmp;

    static JsonFields json(String s) {
        try {
            return new JsonFields(JsonFields.MAPPER.readTree(s), "test.json");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static final String TEXT_MIN = "\"hidden_size\": 64, \"num_hidden_layers\": 2, \"num_attention_heads\": 4,"
            + " \"intermediate_size\": 128, \"vocab_size\": 300";

    @Test
    void llamaDefaultsApplyOnlyWhereHfHasThem() {
        var t = ConfigParser.parseText(json("{" + TEXT_MIN + "}"), json("{\"eos_token_id\": 7}"));
        assertThat(t.numKvHeads()).isEqualTo(4);
        assertThat(t.headDim()).isEqualTo(16);
        assertThat(t.ropeTheta()).isEqualTo(10000.0);
        assertThat(t.rmsNormEps()).isEqualTo(1e-6);
        assertThat(t.tieWordEmbeddings()).isFalse();
        assertThat(t.attentionBias()).isFalse();
        assertThat(t.maxPositionEmbeddings()).isEqualTo(2048);
        assertThat(t.eosTokenIds()).containsExactly(7); // from the top level
        assertThat(t.bosTokenId()).isNull();
    }

    @Test
    void gpt2StyleKeysAreRenamedAsHcxVisionConfigDoes() {
        var t = ConfigParser.parseText(
                json("{\"n_embd\": 64, \"n_layer\": 2, \"n_head\": 4, \"n_positions\": 4096,"
                        + " \"intermediate_size\": 128, \"vocab_size\": 300}"),
                json("{}"));
        assertThat(t.hiddenSize()).isEqualTo(64);
        assertThat(t.numLayers()).isEqualTo(2);
        assertThat(t.numHeads()).isEqualTo(4);
        assertThat(t.maxPositionEmbeddings()).isEqualTo(4096);
    }

    @Test
    void eosListAndLlama3RopeScaling() {
        var t = ConfigParser.parseText(
                json("{" + TEXT_MIN + ", \"eos_token_id\": [5, 6], \"bos_token_id\": 1, \"rope_theta\": 500000.0,"
                        + " \"rope_scaling\": {\"rope_type\": \"llama3\", \"factor\": 8.0, \"low_freq_factor\": 1.0,"
                        + " \"high_freq_factor\": 4.0, \"original_max_position_embeddings\": 8192}}"),
                json("{}"));
        assertThat(t.eosTokenIds()).containsExactly(5, 6);
        assertThat(t.bosTokenId()).isEqualTo(1);
        assertThat(t.ropeTheta()).isEqualTo(500000.0);
        assertThat(t.ropeScaling().type()).isEqualTo("llama3");
        assertThat(t.ropeScaling().factor()).isEqualTo(8.0);
        assertThat(t.ropeScaling().highFreqFactor()).isEqualTo(4.0);
        assertThat(t.ropeScaling().originalMaxPositionEmbeddings()).isEqualTo(8192);
    }

    @Test
    void oldTypeKeyAndDefaultRopeAreAccepted() {
        var linear = ConfigParser.parseText(
                json("{" + TEXT_MIN + ", \"rope_scaling\": {\"type\": \"linear\", \"factor\": 2.0}}"), json("{}"));
        assertThat(linear.ropeScaling().type()).isEqualTo("linear");
        assertThat(linear.ropeScaling().originalMaxPositionEmbeddings()).isEqualTo(2048);
        var v5 = ConfigParser.parseText(
                json("{" + TEXT_MIN + ", \"rope_parameters\": {\"rope_type\": \"default\", \"rope_theta\": 1e6}}"),
                json("{}"));
        assertThat(v5.ropeScaling()).isNull();
        assertThat(v5.ropeTheta()).isEqualTo(1e6);
    }

    @Test
    void llama3ScalingWithoutItsFactorsIsAnError() {
        assertThatThrownBy(() -> ConfigParser.parseText(
                        json("{" + TEXT_MIN + ", \"rope_scaling\": {\"rope_type\": \"llama3\", \"factor\": 8.0}}"),
                        json("{}")))
                .isInstanceOfSatisfying(
                        CheckpointException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_CONFIG))
                .hasMessageContaining("low_freq_factor");
    }

    @Test
    void kvHeadsMustDivideHeads() {
        assertThatThrownBy(() ->
                        ConfigParser.parseText(json("{" + TEXT_MIN + ", \"num_key_value_heads\": 3}"), json("{}")))
                .hasMessageContaining("num_key_value_heads 3");
    }

    @Test
    void connectorFallsBackToSingleQueryKeyAndPreprocessor() {
        var c = ConfigParser.parseConnector(
                json("{\"mm_projector_type\": \"cabstractor\", \"num_queries_vis_abstractor\": 81}"),
                json("{\"num_queries_vis_abstractor_video_fast\": 9, \"first_last_frames_slow\": true}"));
        assertThat(c.queriesImage()).isEqualTo(81);
        assertThat(c.queriesVideoSlow()).isEqualTo(81);
        assertThat(c.queriesVideoFast()).isEqualTo(9);
        assertThat(c.firstLastFramesSlow()).isTrue();
        assertThat(c.useNthLayer()).isEqualTo(-2);
        assertThat(c.posEmb()).isTrue();
        assertThat(c.prenorm()).isFalse();
        assertThat(c.depth()).isEqualTo(3);
        assertThat(c.mlpDepth()).isEqualTo(2);
    }

    @Test
    void resolutionsAreGeneratedFromMaxNumGridsWhenAbsent() {
        String pre = "{\"image_mean\": [0.5,0.5,0.5], \"image_std\": [0.5,0.5,0.5], \"crop_size\": 378}";
        var without1x1 =
                ConfigParser.parsePreprocessor(json(pre), json("{\"anyres\": true, \"max_num_grids\": 9}"), 378);
        assertThat(without1x1.possibleResolutions()).hasSize(22).doesNotContain(new Resolution(378, 378));
        assertThat(without1x1.possibleResolutions().getFirst()).isEqualTo(new Resolution(378, 756));
        var with1x1 = ConfigParser.parsePreprocessor(
                json(pre), json("{\"anyres\": true, \"max_num_grids\": 9, \"use_1x1_grid\": true}"), 378);
        assertThat(with1x1.possibleResolutions()).hasSize(23).startsWith(new Resolution(378, 378));
        assertThat(with1x1.rescaleFactor()).isEqualTo(1.0 / 255.0);
        assertThat(with1x1.padToSquare()).isTrue();
    }

    @Test
    void disagreeingResolutionListsAreAnError() {
        String pre = "{\"image_mean\": [0.5,0.5,0.5], \"image_std\": [0.5,0.5,0.5],"
                + " \"possible_resolutions\": [[378, 378]]}";
        assertThatThrownBy(() -> ConfigParser.parsePreprocessor(
                        json(pre), json("{\"possible_resolutions\": [[378, 756]]}"), 378))
                .hasMessageContaining("possible_resolutions differ");
    }

    @Test
    void placeholderIdsResolveThroughTheTokenizerInTheOldLayout() throws Exception {
        Path dir = tmp.resolve("old");
        var w = TinyCheckpoint.write(dir, 1, Options.defaults().withOldLayout(true));
        String config = Files.readString(dir.resolve("config.json"));
        assertThat(config).contains("language_config", "img_start_id").doesNotContain("video_token_id");
        var cfg = ConfigParser.parse(dir);
        assertThat(cfg.imageTokenId()).isEqualTo(w.tokenizer().specialIds().get("<|dummy3|>"));
        assertThat(cfg.videoTokenId()).isEqualTo(w.tokenizer().specialIds().get("<|_unuse_missing_100270|>"));
        // without img_start_id the image id comes from the tokenizer too
        TestFiles.replaceInFile(dir.resolve("config.json"), "\"img_start_id\"", "\"unused_key\"");
        assertThat(ConfigParser.parse(dir).imageTokenId()).isEqualTo(cfg.imageTokenId());
        // and a tokenizer without the placeholder string is a precise error
        TestFiles.replaceInFile(dir.resolve("tokenizer.json"), "<|dummy3|>", "<|dummy4|>");
        assertThatThrownBy(() -> ConfigParser.parse(dir))
                .isInstanceOfSatisfying(
                        CheckpointException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_CONFIG))
                .hasMessageContaining("<|dummy3|>")
                .hasMessageContaining("image_token_id");
    }

    @Test
    void generationConfigIsOptional() throws Exception {
        Path dir = tmp.resolve("m");
        TinyCheckpoint.write(dir, 1, Options.defaults());
        Files.delete(dir.resolve("generation_config.json"));
        try (var c = Checkpoint.open(dir)) {
            assertThat(c.generation().eosTokenIds()).isEqualTo(c.config().text().eosTokenIds());
            assertThat(c.generation().temperature()).isNull();
        }
    }

    @Test
    void chatTemplateFromJinjaFileWins() throws Exception {
        Path dir = tmp.resolve("m");
        TinyCheckpoint.write(dir, 1, Options.defaults());
        Files.writeString(dir.resolve("chat_template.jinja"), "{{ messages }}");
        try (var c = Checkpoint.open(dir)) {
            assertThat(c.chatTemplate()).isEqualTo("{{ messages }}");
        }
    }

    @Test
    void nonSiglipVisionTowerIsRejected() {
        assertThatThrownBy(() -> ConfigParser.parseVision(json("{\"model_type\": \"clip_vision_model\"}")))
                .hasMessageContaining("clip_vision_model");
    }
}
