package dev.hcxmesh.model.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcxmesh.model.checkpoint.Checkpoint;
import dev.hcxmesh.model.checkpoint.CheckpointException;
import dev.hcxmesh.model.checkpoint.CheckpointException.Kind;
import dev.hcxmesh.model.fixtures.TinyCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offline resolution through the standard hub cache layout; never touches the network. */
class ModelResolverCacheTest {
    static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path tmp;

    HubSettings offline(Path cache) {
        return new HubSettings(cache, false, HubSettings.DEFAULT_ENDPOINT, null);
    }

    Path populate(Path cache, boolean sharded) throws Exception {
        Path repo = cache.resolve("models--naver-hyperclovax--HyperCLOVAX-SEED-Vision-Instruct-3B");
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), SHA + "\n");
        Path snap = repo.resolve("snapshots").resolve(SHA);
        TinyCheckpoint.write(snap, 5, TinyCheckpoint.Options.defaults().withSharded(sharded));
        return snap;
    }

    @Test
    void settingsFollowTheHuggingFaceVariables() {
        Path home = Path.of("/home/u");
        assertThat(HubSettings.fromEnvironment(Map.of(), home).cacheDir())
                .isEqualTo(Path.of("/home/u/.cache/huggingface/hub"));
        assertThat(HubSettings.fromEnvironment(Map.of("HF_HOME", "/hf"), home).cacheDir())
                .isEqualTo(Path.of("/hf/hub"));
        assertThat(HubSettings.fromEnvironment(Map.of("HF_HOME", "/hf", "HF_HUB_CACHE", "/c"), home)
                        .cacheDir())
                .isEqualTo(Path.of("/c"));
        var s = HubSettings.fromEnvironment(
                Map.of("HCX_ALLOW_DOWNLOAD", "1", "HF_TOKEN", "hf_secret", "HF_ENDPOINT", "http://mirror:8080"), home);
        assertThat(s.allowDownload()).isTrue();
        assertThat(s.endpoint().toString()).isEqualTo("http://mirror:8080");
        assertThat(s.toString()).doesNotContain("hf_secret");
        assertThat(HubSettings.fromEnvironment(Map.of("HCX_ALLOW_DOWNLOAD", "1", "HF_HUB_OFFLINE", "1"), home)
                        .allowDownload())
                .isFalse();
        assertThat(HubSettings.fromEnvironment(Map.of(), home).allowDownload()).isFalse();
        assertThat(HubSettings.fromEnvironment(Map.of(), home).endpoint()).isEqualTo(HubSettings.DEFAULT_ENDPOINT);
    }

    @Test
    void modelRefParsing() {
        var r = ModelRef.parse("naver-hyperclovax/HyperCLOVAX-SEED-Vision-Instruct-3B@v1.0");
        assertThat(r.org()).isEqualTo("naver-hyperclovax");
        assertThat(r.revision()).isEqualTo("v1.0");
        assertThat(r.cacheFolderName()).isEqualTo("models--naver-hyperclovax--HyperCLOVAX-SEED-Vision-Instruct-3B");
        assertThat(ModelRef.parse("a/b").revision()).isEqualTo("main");
        assertThat(ModelRef.parse("a/b@" + SHA).revisionIsCommit()).isTrue();
        assertThatThrownBy(() -> ModelRef.parse("a/b/c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelRef.parse("justname")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void existingDirectoryIsReturnedAsIs() throws Exception {
        Path dir = tmp.resolve("local");
        Files.createDirectories(dir);
        assertThat(ModelResolver.resolve(dir.toString(), offline(tmp.resolve("cache"))))
                .isEqualTo(dir);
    }

    @Test
    void refsMainResolvesToTheSnapshot() throws Exception {
        Path cache = tmp.resolve("cache");
        Path snap = populate(cache, true);
        Path got = ModelResolver.resolve("naver-hyperclovax/HyperCLOVAX-SEED-Vision-Instruct-3B", offline(cache));
        assertThat(got).isEqualTo(snap);
        try (var c = Checkpoint.open(got)) {
            assertThat(c.randomWeights()).isTrue();
        }
        // a commit hash revision needs no ref file
        assertThat(ModelResolver.resolve(
                        "naver-hyperclovax/HyperCLOVAX-SEED-Vision-Instruct-3B@" + SHA, offline(cache)))
                .isEqualTo(snap);
    }

    @Test
    void offlineMissFilesNamesThemAndTheCachePath() throws Exception {
        Path cache = tmp.resolve("cache");
        Path snap = populate(cache, true);
        Files.delete(snap.resolve(TinyCheckpoint.SHARD_2));
        Files.delete(snap.resolve("tokenizer.json"));
        assertThatThrownBy(() ->
                        ModelResolver.resolve("naver-hyperclovax/HyperCLOVAX-SEED-Vision-Instruct-3B", offline(cache)))
                .isInstanceOfSatisfying(
                        CheckpointException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_CACHED))
                .hasMessageContaining("tokenizer.json")
                .hasMessageContaining(TinyCheckpoint.SHARD_2)
                .hasMessageContaining(snap.toString())
                .hasMessageContaining("HCX_ALLOW_DOWNLOAD=1");
    }

    @Test
    void unknownRevisionOffline() throws Exception {
        Path cache = tmp.resolve("cache");
        populate(cache, false);
        assertThatThrownBy(() -> ModelResolver.resolve(
                        "naver-hyperclovax/HyperCLOVAX-SEED-Vision-Instruct-3B@dev", offline(cache)))
                .isInstanceOfSatisfying(
                        CheckpointException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_CACHED))
                .hasMessageContaining("refs/dev")
                .hasMessageContaining(cache.toString());
    }

    @Test
    void garbageReference() {
        assertThatThrownBy(() -> ModelResolver.resolve("not a model", offline(tmp)))
                .isInstanceOfSatisfying(
                        CheckpointException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_CACHED))
                .hasMessageContaining("neither an existing directory");
    }
}
