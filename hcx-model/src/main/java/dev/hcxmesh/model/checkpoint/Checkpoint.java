package dev.hcxmesh.model.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hcxmesh.model.checkpoint.CheckpointException.Kind;
import dev.hcxmesh.model.config.HcxConfig;
import dev.hcxmesh.model.config.PreprocessorConfig;
import dev.hcxmesh.model.tensor.Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An opened, validated HCX-Vision model directory in the Hugging Face layout: parsed configs,
 * memory-mapped weights, tokenizer paths and the chat template. Close it to unmap the weights.
 *
 * @param dir the model directory
 * @param config config.json + preprocessor_config.json (+ tokenizer.json for placeholder ids)
 * @param generation generation_config.json (or the text config's stop ids when absent)
 * @param weights the mapped safetensors, already checked against {@code config}
 * @param tokenizerJson {@code tokenizer.json}
 * @param tokenizerConfigJson {@code tokenizer_config.json}
 * @param chatTemplate the Jinja chat template, or null when the directory has none
 * @param revision hex SHA-256 over config.json, preprocessor_config.json and the weight headers (or
 *     index): equal revisions mean the same model description and tensor layout
 * @param randomWeights config.json says {@code "hcx_mesh_random_weights": true} (generated fixture)
 */
public record Checkpoint(
        Path dir,
        HcxConfig config,
        GenerationConfig generation,
        Safetensors weights,
        Path tokenizerJson,
        Path tokenizerConfigJson,
        String chatTemplate,
        String revision,
        boolean randomWeights)
        implements AutoCloseable {

    /** Marker key the fixture generator writes into config.json. */
    public static final String RANDOM_WEIGHTS_KEY = "hcx_mesh_random_weights";

    /** Parses, maps and validates {@code dir}; every failure is a typed {@link CheckpointException}. */
    public static Checkpoint open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException(Kind.MISSING_FILE, "model directory " + dir + " does not exist");
        }
        Path configJson = dir.resolve("config.json");
        JsonFields config = JsonFields.readObject(configJson);
        JsonFields pre = JsonFields.readObject(dir.resolve("preprocessor_config.json"));
        Path tokenizerJson = requireFile(dir.resolve("tokenizer.json"));
        Path tokenizerConfigJson = requireFile(dir.resolve("tokenizer_config.json"));
        HcxConfig cfg = ConfigParser.parse(config, pre, tokenizerJson);
        GenerationConfig gen = ConfigParser.parseGeneration(dir.resolve("generation_config.json"), cfg.text());
        String template = chatTemplate(dir, tokenizerConfigJson);
        boolean random = config.optBool(RANDOM_WEIGHTS_KEY, false);
        Safetensors weights = Safetensors.open(dir);
        try {
            CheckpointValidator.validate(cfg, weights);
            String revision = revision(dir, weights);
            return new Checkpoint(
                    dir, cfg, gen, weights, tokenizerJson, tokenizerConfigJson, template, revision, random);
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    public PreprocessorConfig preprocessor() {
        return config.preprocessor();
    }

    /** The weights as the engine-facing interface. */
    public Weights tensors() {
        return weights;
    }

    @Override
    public void close() {
        weights.close();
    }

    /**
     * The chat template: {@code chat_template.jinja}, else {@code chat_template.json}, else the
     * {@code chat_template} of tokenizer_config.json (a string, or a list of named templates of which
     * {@code default} is taken).
     */
    static String chatTemplate(Path dir, Path tokenizerConfigJson) {
        Path jinja = dir.resolve("chat_template.jinja");
        if (Files.exists(jinja)) {
            try {
                return Files.readString(jinja);
            } catch (IOException e) {
                throw new CheckpointException(Kind.IO, "cannot read " + jinja + ": " + e, e);
            }
        }
        Path json = dir.resolve("chat_template.json");
        if (Files.exists(json)) {
            String t = templateValue(JsonFields.readTree(json).get("chat_template"));
            if (t != null) {
                return t;
            }
        }
        return templateValue(JsonFields.readTree(tokenizerConfigJson).get("chat_template"));
    }

    private static String templateValue(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isArray()) {
            String first = null;
            for (JsonNode t : v) {
                String text = t.path("template").asText(null);
                if ("default".equals(t.path("name").asText(null))) {
                    return text;
                }
                first = first == null ? text : first;
            }
            return first;
        }
        return null;
    }

    private static String revision(Path dir, Safetensors weights) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String f : new String[] {"config.json", "preprocessor_config.json", Safetensors.INDEX_FILE}) {
                Path p = dir.resolve(f);
                if (Files.exists(p)) {
                    sha.update(f.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    sha.update(Files.readAllBytes(p));
                }
            }
            for (byte[] h : weights.headerBytes()) {
                sha.update(h);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new CheckpointException(Kind.IO, "cannot hash " + dir + ": " + e, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path requireFile(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new CheckpointException(Kind.MISSING_FILE, "missing " + p);
        }
        return p;
    }
}
