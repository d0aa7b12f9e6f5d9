package dev.hcxmesh.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hcxmesh.model.config.PreprocessorConfig;
import dev.hcxmesh.model.config.PreprocessorConfig.Resolution;
import dev.hcxmesh.model.fixtures.TinyCheckpoint;
import dev.hcxmesh.model.fixtures.TinyCheckpoint.Options;
import dev.hcxmesh.model.tensor.DType;
import dev.hcxmesh.model.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CheckpointRoundTripTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> layouts() {
        return Stream.of(
                Arguments.of(false, DType.F32, false),
                Arguments.of(false, DType.BF16, false),
                Arguments.of(false, DType.F32, true),
                Arguments.of(true, DType.F32, false),
                Arguments.of(true, DType.BF16, true));
    }

    @ParameterizedTest(name = "oldLayout={0} dtype={1} sharded={2}")
    @MethodSource("layouts")
    void generatedCheckpointOpensAndValidates(boolean oldLayout, DType dtype, boolean sharded) {
        Path dir = tmp.resolve("m");
        var written = TinyCheckpoint.write(dir, 7, new Options(oldLayout, dtype, sharded));
        assertThat(Files.exists(dir.resolve(Safetensors.INDEX_FILE))).isEqualTo(sharded);

        try (Checkpoint ckpt = Checkpoint.open(dir)) {
            var cfg = ckpt.config();
            assertThat(cfg.modelType()).isEqualTo("hyperclovax_vlm");
            // vision: real geometry, tiny width
            assertThat(cfg.vision().hiddenSize()).isEqualTo(32);
            assertThat(cfg.vision().numLayers()).isEqualTo(3);
            assertThat(cfg.vision().numPatches()).isEqualTo(729);
            assertThat(cfg.connector().layersToRun(cfg.vision().numLayers())).isEqualTo(2);
            assertThat(cfg.connector().projectorType()).isEqualTo("cabstractor");
            assertThat(cfg.connector().queriesImage()).isEqualTo(81);
            assertThat(cfg.connector().queriesVideoSlow()).isEqualTo(81);
            assertThat(cfg.connector().queriesVideoFast()).isEqualTo(9);
            assertThat(cfg.connector().posEmb()).isTrue();
            assertThat(cfg.connector().prenorm()).isFalse();
            // text
            var text = cfg.text();
            assertThat(text.hiddenSize()).isEqualTo(64);
            assertThat(text.numKvHeads()).isEqualTo(2);
            assertThat(text.headDim()).isEqualTo(16);
            assertThat(text.vocabSize()).isEqualTo(written.tokenizer().vocabSize());
            assertThat(text.tieWordEmbeddings()).isFalse();
            assertThat(text.ropeScaling()).isNull();
            var ids = written.tokenizer().specialIds();
            assertThat(text.eosTokenIds()).containsExactly(ids.get("<|endofturn|>"));
            assertThat(cfg.imageTokenId()).isEqualTo(ids.get("<|dummy3|>"));
            assertThat(cfg.videoTokenId()).isEqualTo(ids.get("<|_unuse_missing_100270|>"));
            // preprocessor: the published values
            var pre = ckpt.preprocessor();
            assertThat(pre.cropSize()).isEqualTo(378);
            assertThat(pre.possibleResolutions()).hasSize(23).startsWith(new Resolution(378, 378));
            assertThat(pre.possibleResolutions()).containsExactlyElementsOf(PreprocessorConfig.gridResolutions(9, 378));
            assertThat(pre.imageMean()).containsExactly(0.5f, 0.5f, 0.5f);
            assertThat(pre.anyres()).isTrue();
            assertThat(pre.unpad()).isTrue();
            assertThat(pre.maxNumGrids()).isEqualTo(9);
            assertThat(pre.resample()).isEqualTo(3);
            // generation, tokenizer, template, marker
            assertThat(ckpt.generation().eosTokenIds()).containsExactly(ids.get("<|endofturn|>"), ids.get("<|stop|>"));
            assertThat(ckpt.generation().temperature()).isEqualTo(0.5);
            assertThat(ckpt.generation().topK()).isNull();
            assertThat(ckpt.tokenizerJson()).exists();
            assertThat(ckpt.tokenizerConfigJson()).exists();
            assertThat(ckpt.chatTemplate()).contains("<|im_start|>");
            assertThat(ckpt.randomWeights()).isTrue();
            assertThat(ckpt.revision()).hasSize(64);
            // weights: everything expected, with the config's shapes and the chosen dtype
            for (TensorSpec s : WeightNames.expected(cfg)) {
                Tensor t = ckpt.tensors().get(s.name());
                assertThat(t.shape()).as(s.name()).isEqualTo(s.shape());
                assertThat(t.dtype()).isEqualTo(dtype);
            }
            // the unused third SigLIP layer and post-LN are there too, and allowed
            assertThat(ckpt.weights().contains(WeightNames.visionLayer(2, WeightNames.VisionParam.FC1_WEIGHT)))
                    .isTrue();
            float[] norm = ckpt.tensors().get(WeightNames.FINAL_NORM).toFloatArray();
            assertThat(norm).containsOnly(1f);
            float[] emb = ckpt.tensors().get(WeightNames.EMBED_TOKENS).toFloatArray();
            double sq = 0;
            for (float f : emb) {
                assertThat(Float.isFinite(f)).isTrue();
                sq += f * f;
            }
            assertThat(Math.sqrt(sq / emb.length)).isCloseTo(0.02, within(0.002));
        }
    }

    @Test
    void sameSeedGivesSameBytesAndRevisionDifferentSeedDoesNot() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Path c = tmp.resolve("c");
        TinyCheckpoint.write(a, 1, Options.defaults());
        TinyCheckpoint.write(b, 1, Options.defaults());
        TinyCheckpoint.write(c, 2, Options.defaults());
        assertThat(Files.readAllBytes(a.resolve(Safetensors.SINGLE_FILE)))
                .isEqualTo(Files.readAllBytes(b.resolve(Safetensors.SINGLE_FILE)));
        assertThat(Files.readAllBytes(a.resolve(Safetensors.SINGLE_FILE)))
                .isNotEqualTo(Files.readAllBytes(c.resolve(Safetensors.SINGLE_FILE)));
        try (var ca = Checkpoint.open(a);
                var cb = Checkpoint.open(b)) {
            assertThat(ca.revision()).isEqualTo(cb.revision());
        }
    }

    @Test
    void shardingAndDtypeDoNotChangeTheValues() {
        Path single = tmp.resolve("single");
        Path sharded = tmp.resolve("sharded");
        Path bf16 = tmp.resolve("bf16");
        TinyCheckpoint.write(single, 3, Options.defaults());
        TinyCheckpoint.write(sharded, 3, Options.defaults().withSharded(true));
        TinyCheckpoint.write(bf16, 3, Options.defaults().withDtype(DType.BF16));
        String name = WeightNames.textLayer(1, WeightNames.TextParam.DOWN_WEIGHT);
        try (var s = Checkpoint.open(single);
                var sh = Checkpoint.open(sharded);
                var b = Checkpoint.open(bf16)) {
            float[] x = s.tensors().get(name).toFloatArray();
            assertThat(sh.tensors().get(name).toFloatArray()).isEqualTo(x);
            float[] y = b.tensors().get(name).toFloatArray();
            for (int i = 0; i < x.length; i++) {
                assertThat(y[i]).isCloseTo(x[i], within(Math.abs(x[i]) / 128 + 1e-8f));
            }
            assertThat(sh.weights().files()).hasSize(2);
            assertThat(s.revision()).isNotEqualTo(sh.revision());
        }
    }
}
