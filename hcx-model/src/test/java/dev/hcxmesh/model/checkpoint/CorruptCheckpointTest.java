package dev.hcxmesh.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcxmesh.model.checkpoint.CheckpointException.Kind;
import dev.hcxmesh.model.fixtures.TinyCheckpoint;
import dev.hcxmesh.model.fixtures.TinyCheckpoint.Options;
import dev.hcxmesh.model.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every damaged checkpoint fails at open with a typed error that names what is wrong. */
class CorruptCheckpointTest {
    @TempDir
    Path tmp;

    Path dir;

    @BeforeEach
    void generate() {
        dir = tmp.resolve("m");
        TinyCheckpoint.write(dir, 11, Options.defaults());
    }

    private static void assertKind(ThrowingCallable call, Kind kind, String... fragments) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        CheckpointException.class, e -> assertThat(e.kind()).isEqualTo(kind))
                .message()
                .contains(fragments);
    }

    @Test
    void truncatedSafetensorsNamesTheTensorAndByteRanges() throws Exception {
        Path file = dir.resolve(Safetensors.SINGLE_FILE);
        long size = Files.size(file);
        TestFiles.truncateBy(file, 100);
        // the last tensor written is the lm_head
        assertKind(
                () -> Checkpoint.open(dir),
                Kind.TRUNCATED,
                WeightNames.LM_HEAD,
                ", " + size + ")",
                "has " + (size - 100) + " bytes",
                "100 missing");
    }

    @Test
    void fileShorterThanItsHeaderIsTruncated() {
        Path file = dir.resolve(Safetensors.SINGLE_FILE);
        TestFiles.raw(file, "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]);
        TestFiles.truncateBy(file, 30);
        assertKind(() -> Checkpoint.open(dir), Kind.TRUNCATED, "header needs bytes [8, ");
    }

    @Test
    void wrongShapeNamesExpectedAndFound() {
        String name = WeightNames.textLayer(0, WeightNames.TextParam.K_WEIGHT);
        TestFiles.rewrite(dir, ts -> replace(ts, name, Tensor.ofFloats(name, new float[64 * 64], 64, 64)));
        assertKind(() -> Checkpoint.open(dir), Kind.SHAPE_MISMATCH, name, "expected shape [32, 64]", "found [64, 64]");
    }

    @Test
    void missingTensorIsNamed() {
        String name = WeightNames.projectorBlock(WeightNames.Stage.S2, 3, WeightNames.BlockParam.SE_FC2_BIAS);
        TestFiles.rewrite(dir, ts -> replace(ts, name, null));
        assertKind(() -> Checkpoint.open(dir), Kind.MISSING_TENSOR, "missing tensor " + name, "[32]");
    }

    @Test
    void missingUnusedVisionLayerIsFine() {
        String prefix = WeightNames.VISION + "encoder.layers.2.";
        TestFiles.rewrite(
                dir,
                ts -> new ArrayList<>(
                        ts.stream().filter(t -> !t.name().startsWith(prefix)).toList()));
        try (var c = Checkpoint.open(dir)) {
            assertThat(c.weights().names()).noneMatch(n -> n.startsWith(prefix));
        }
    }

    @Test
    void unsupportedDtypeNamesTheTensorAndDtype() throws Exception {
        Path file = dir.resolve(Safetensors.SINGLE_FILE);
        String name = WeightNames.IMAGE_NEWLINE;
        // rewrite the header: image_newline [64] F32 → I32 keeps the byte length, so only the dtype is wrong
        byte[] all = Files.readAllBytes(file);
        long n = java.nio.ByteBuffer.wrap(all, 0, 8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getLong();
        String header = new String(all, 8, (int) n, java.nio.charset.StandardCharsets.UTF_8);
        String marker = "\"" + name + "\":{\"dtype\":\"F32\"";
        assertThat(header).contains(marker);
        String patched = header.replace(marker, "\"" + name + "\":{\"dtype\":\"I32\"");
        byte[] out = all.clone();
        System.arraycopy(patched.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, out, 8, (int) n);
        Files.write(file, out);
        assertKind(() -> Checkpoint.open(dir), Kind.DTYPE_UNSUPPORTED, name, "dtype I32");
        try (Safetensors st = Safetensors.open(dir)) {
            assertKind(() -> st.get(name), Kind.DTYPE_UNSUPPORTED, name, "I32");
        }
    }

    @Test
    void badJsonInConfig() throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"hyperclovax_vlm\",");
        assertKind(() -> Checkpoint.open(dir), Kind.BAD_JSON, "config.json");
    }

    @Test
    void badJsonInSafetensorsHeader() {
        TestFiles.raw(dir.resolve(Safetensors.SINGLE_FILE), "{not json}", new byte[0]);
        assertKind(() -> Checkpoint.open(dir), Kind.BAD_HEADER, "header is not JSON");
    }

    @Test
    void absurdHeaderLength() throws Exception {
        Path file = dir.resolve(Safetensors.SINGLE_FILE);
        byte[] all = Files.readAllBytes(file);
        all[7] = 0x7f;
        Files.write(file, all);
        assertKind(() -> Checkpoint.open(dir), Kind.BAD_HEADER, "header length");
    }

    @Test
    void offsetsThatDisagreeWithTheShape() {
        TestFiles.raw(
                dir.resolve(Safetensors.SINGLE_FILE),
                "{\"x\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}",
                new byte[12]);
        assertKind(() -> Checkpoint.open(dir), Kind.BAD_HEADER, "tensor x", "needs 16 bytes", "span 12");
    }

    @Test
    void missingConfigJson() throws Exception {
        Files.delete(dir.resolve("config.json"));
        assertKind(() -> Checkpoint.open(dir), Kind.MISSING_FILE, "config.json");
    }

    @Test
    void missingDirectory() {
        assertKind(() -> Checkpoint.open(tmp.resolve("nope")), Kind.MISSING_FILE, "nope");
    }

    @Test
    void missingWeights() throws Exception {
        Files.delete(dir.resolve(Safetensors.SINGLE_FILE));
        assertKind(() -> Checkpoint.open(dir), Kind.MISSING_FILE, Safetensors.SINGLE_FILE, Safetensors.INDEX_FILE);
    }

    @Test
    void missingTokenizer() throws Exception {
        Files.delete(dir.resolve("tokenizer.json"));
        assertKind(() -> Checkpoint.open(dir), Kind.MISSING_FILE, "tokenizer.json");
    }

    @Test
    void missingShard() throws Exception {
        Path sharded = tmp.resolve("sharded");
        TinyCheckpoint.write(sharded, 11, Options.defaults().withSharded(true));
        Files.delete(sharded.resolve(TinyCheckpoint.SHARD_2));
        assertKind(() -> Checkpoint.open(sharded), Kind.MISSING_FILE, TinyCheckpoint.SHARD_2, "language_model.");
    }

    @Test
    void indexListsATensorItsShardLacks() throws Exception {
        Path sharded = tmp.resolve("sharded");
        TinyCheckpoint.write(sharded, 11, Options.defaults().withSharded(true));
        TestFiles.replaceInFile(
                sharded.resolve(Safetensors.INDEX_FILE),
                "\"image_newline\" : \"" + TinyCheckpoint.SHARD_1 + "\"",
                "\"image_newline\" : \"" + TinyCheckpoint.SHARD_2 + "\"");
        assertKind(() -> Checkpoint.open(sharded), Kind.MISSING_TENSOR, "image_newline", TinyCheckpoint.SHARD_2);
    }

    @Test
    void missingRequiredConfigKey() {
        TestFiles.replaceInFile(dir.resolve("config.json"), "\"intermediate_size\" : 128", "\"x\" : 128");
        assertKind(() -> Checkpoint.open(dir), Kind.BAD_CONFIG, "text_config", "intermediate_size");
    }

    @Test
    void wrongTypeInConfig() {
        TestFiles.replaceInFile(dir.resolve("config.json"), "\"hidden_size\" : 64", "\"hidden_size\" : \"64\"");
        assertKind(() -> Checkpoint.open(dir), Kind.BAD_CONFIG, "hidden_size", "must be an int", "\"64\"");
    }

    private static List<Tensor> replace(List<Tensor> ts, String name, Tensor with) {
        var out = new ArrayList<Tensor>();
        boolean found = false;
        for (Tensor t : ts) {
            if (t.name().equals(name)) {
                found = true;
                if (with != null) {
                    out.add(with);
                }
            } else {
                out.add(t);
            }
        }
        assertThat(found).as(name).isTrue();
        return out;
    }
}
