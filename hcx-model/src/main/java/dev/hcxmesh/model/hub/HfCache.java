package dev.hcxmesh.model.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hcxmesh.model.checkpoint.CheckpointException;
import dev.hcxmesh.model.checkpoint.CheckpointException.Kind;
import dev.hcxmesh.model.checkpoint.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The standard Hugging Face hub cache layout: {@code <cache>/models--org--name/refs/<revision>} holds
 * a commit hash, {@code snapshots/<commit>/<file>} the files (usually links into {@code blobs/}).
 */
public final class HfCache {
    /** Files a model directory must have besides its weights. */
    public static final List<String> REQUIRED =
            List.of("config.json", "preprocessor_config.json", "tokenizer.json", "tokenizer_config.json");
    /** Files fetched when the repository has them. */
    public static final List<String> OPTIONAL =
            List.of("generation_config.json", "chat_template.jinja", "chat_template.json", "special_tokens_map.json");

    private final Path root;

    public HfCache(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path repoDir(ModelRef ref) {
        return root.resolve(ref.cacheFolderName());
    }

    public Path blobsDir(ModelRef ref) {
        return repoDir(ref).resolve("blobs");
    }

    public Path snapshotDir(ModelRef ref, String commit) {
        return repoDir(ref).resolve("snapshots").resolve(commit);
    }

    /** The commit the revision points at: the revision itself if it is a hash, else {@code refs/<rev>}. */
    public Optional<String> commitFor(ModelRef ref) {
        if (ref.revisionIsCommit()) {
            return Optional.of(ref.revision());
        }
        Path refFile = repoDir(ref).resolve("refs").resolve(ref.revision());
        if (!Files.isRegularFile(refFile)) {
            return Optional.empty();
        }
        try {
            String sha = Files.readString(refFile).strip();
            return sha.isEmpty() ? Optional.empty() : Optional.of(sha);
        } catch (IOException e) {
            throw new CheckpointException(Kind.IO, "cannot read " + refFile + ": " + e, e);
        }
    }

    /** Records {@code refs/<rev> = commit} (as huggingface_hub does after a download). */
    public void writeRef(ModelRef ref, String commit) {
        if (ref.revisionIsCommit()) {
            return;
        }
        Path refFile = repoDir(ref).resolve("refs").resolve(ref.revision());
        try {
            Files.createDirectories(refFile.getParent());
            Files.writeString(refFile, commit);
        } catch (IOException e) {
            throw new CheckpointException(Kind.IO, "cannot write " + refFile + ": " + e, e);
        }
    }

    /**
     * Files a snapshot still lacks: the required configs and tokenizer, and the weights (the index and
     * every shard it lists, or {@code model.safetensors}).
     */
    public static List<String> missingFiles(Path snapshot) {
        var missing = new ArrayList<String>();
        for (String f : REQUIRED) {
            if (!Files.isRegularFile(snapshot.resolve(f))) {
                missing.add(f);
            }
        }
        Path index = snapshot.resolve(Safetensors.INDEX_FILE);
        if (Files.isRegularFile(index)) {
            for (String shard : shardsOf(index)) {
                if (!Files.isRegularFile(snapshot.resolve(shard))) {
                    missing.add(shard);
                }
            }
        } else if (!Files.isRegularFile(snapshot.resolve(Safetensors.SINGLE_FILE))) {
            missing.add(Safetensors.SINGLE_FILE + " (or " + Safetensors.INDEX_FILE + " and its shards)");
        }
        return missing;
    }

    /** The distinct shard file names a {@code model.safetensors.index.json} lists. */
    public static Set<String> shardsOf(Path indexJson) {
        try {
            JsonNode map = new ObjectMapper().readTree(indexJson.toFile()).path("weight_map");
            Set<String> out = new LinkedHashSet<>();
            map.forEach(v -> out.add(v.asText()));
            for (String s : out) {
                if (s.isEmpty() || s.contains("..") || s.startsWith("/")) {
                    throw new CheckpointException(Kind.BAD_CONFIG, indexJson + ": bad shard name \"" + s + "\"");
                }
            }
            return out;
        } catch (IOException e) {
            throw new CheckpointException(Kind.BAD_JSON, indexJson + " is not valid JSON: " + e.getMessage(), e);
        }
    }
}
