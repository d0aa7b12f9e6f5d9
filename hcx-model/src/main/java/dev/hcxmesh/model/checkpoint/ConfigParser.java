package dev.hcxmesh.model.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hcxmesh.model.checkpoint.CheckpointException.Kind;
import dev.hcxmesh.model.config.ConnectorConfig;
import dev.hcxmesh.model.config.HcxConfig;
import dev.hcxmesh.model.config.PreprocessorConfig;
import dev.hcxmesh.model.config.PreprocessorConfig.Resolution;
import dev.hcxmesh.model.config.TextConfig;
import dev.hcxmesh.model.config.VisionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code config.json}, {@code preprocessor_config.json} and {@code generation_config.json} of an
 * HCX-Vision checkpoint into the {@code dev.hcxmesh.model.config} records.
 *
 * <p>Both hub layouts are accepted: the new one ({@code text_config}, {@code image_token_id}) and the
 * old one ({@code language_config}, {@code img_start_id}). Values always come from the files. A key
 * gets a default only where Hugging Face would apply one when it loads the same file (the config
 * class's constructor default); each such default is named where it is applied. Core geometry (widths,
 * layer and head counts, vocab) is required: a saved HF config always writes it, and guessing it
 * would only move the error to the weight shapes.
 */
public final class ConfigParser {
    /** vLLM's and the hub processor's image placeholder string. */
    public static final String IMAGE_PLACEHOLDER = "<|dummy3|>";
    /** vLLM's and the hub processor's video placeholder string. */
    public static final String VIDEO_PLACEHOLDER = "<|_unuse_missing_100270|>";

    /** C-Abstractor RegStage depth: {@code HCXVisionCAbstractor.build_net(depth=3)}, not in any file. */
    static final int CABSTRACTOR_DEPTH = 3;
    /** C-Abstractor readout depth: {@code build_net(mlp_depth=2)}, not in any file. */
    static final int CABSTRACTOR_MLP_DEPTH = 2;

    private ConfigParser() {}

    /** Parses the three config files of {@code dir} (tokenizer.json only if placeholder ids are absent). */
    public static HcxConfig parse(Path dir) {
        JsonFields config = JsonFields.readObject(dir.resolve("config.json"));
        JsonFields pre = JsonFields.readObject(dir.resolve("preprocessor_config.json"));
        return parse(config, pre, dir.resolve("tokenizer.json"));
    }

    static HcxConfig parse(JsonFields config, JsonFields pre, Path tokenizerJson) {
        JsonFields visionJson = config.objectOrNull("vision_config");
        if (visionJson == null) {
            throw new CheckpointException(Kind.BAD_CONFIG, config.where() + ": missing \"vision_config\"");
        }
        JsonFields textJson = config.objectOrNull("text_config");
        if (textJson == null) {
            textJson = config.objectOrNull("language_config"); // old hub layout (commit 42c6bee)
        }
        if (textJson == null) {
            throw new CheckpointException(
                    Kind.BAD_CONFIG, config.where() + ": neither \"text_config\" nor \"language_config\" is present");
        }
        VisionConfig vision = parseVision(visionJson);
        TextConfig text = parseText(textJson, config);
        ConnectorConfig connector = parseConnector(config, pre);
        PreprocessorConfig preprocessor = parsePreprocessor(pre, config, vision.imageSize());
        int imageId = placeholderId(config, "image_token_id", "img_start_id", IMAGE_PLACEHOLDER, tokenizerJson);
        int videoId = placeholderId(config, "video_token_id", "video_start_id", VIDEO_PLACEHOLDER, tokenizerJson);
        for (int id : new int[] {imageId, videoId}) {
            if (id < 0 || id >= text.vocabSize()) {
                throw new CheckpointException(
                        Kind.BAD_CONFIG,
                        "placeholder id " + id + " is outside the vocabulary [0, " + text.vocabSize() + ")");
            }
        }
        return new HcxConfig(
                config.optString("model_type", "hyperclovax_vlm"),
                vision,
                text,
                connector,
                preprocessor,
                imageId,
                videoId);
    }

    /** {@code vision_config}; defaults are HF {@code SiglipVisionConfig}'s constructor defaults. */
    static VisionConfig parseVision(JsonFields v) {
        String type = v.optString("model_type", "siglip_vision_model");
        if (!type.startsWith("siglip")) {
            throw new CheckpointException(
                    Kind.BAD_CONFIG,
                    v.where() + ": model_type \"" + type + "\" is not supported (expected a SigLIP vision tower)");
        }
        var out = new VisionConfig(
                v.optInt("hidden_size", 768),
                v.optInt("num_hidden_layers", 12),
                v.optInt("num_attention_heads", 12),
                v.optInt("intermediate_size", 3072),
                v.optInt("image_size", 224),
                v.optInt("patch_size", 16),
                v.optDouble("layer_norm_eps", 1e-6),
                v.optString("hidden_act", "gelu_pytorch_tanh"));
        requirePositive(v, "hidden_size", out.hiddenSize());
        requirePositive(v, "num_hidden_layers", out.numLayers());
        requirePositive(v, "num_attention_heads", out.numHeads());
        requirePositive(v, "patch_size", out.patchSize());
        // image_size need not be a multiple of patch_size: HF counts (image_size // patch_size)² patches
        if (out.hiddenSize() % out.numHeads() != 0) {
            throw new CheckpointException(
                    Kind.BAD_CONFIG,
                    v.where() + ": hidden_size " + out.hiddenSize() + " is not a multiple of num_attention_heads "
                            + out.numHeads());
        }
        return out;
    }

    /**
     * Llama text config. Defaults (HF {@code LlamaConfig}): kv heads = heads, head_dim = hidden /
     * heads, rope_theta 10000, rms_norm_eps 1e-6, max_position_embeddings 2048, attention_bias false,
     * tie_word_embeddings false. Llama's bos/eos defaults (1/2) belong to SentencePiece vocabularies
     * and are not applied: eos comes from the text config, else the top level, else stays empty.
     */
    static TextConfig parseText(JsonFields t, JsonFields top) {
        t = withGpt2Aliases(t);
        int hidden = t.reqInt("hidden_size");
        int heads = t.reqInt("num_attention_heads");
        requirePositive(t, "hidden_size", hidden);
        requirePositive(t, "num_attention_heads", heads);
        int kvHeads = t.optInt("num_key_value_heads", heads);
        int headDim = t.optInt("head_dim", hidden / heads);
        if (kvHeads <= 0 || heads % kvHeads != 0) {
            throw new CheckpointException(
                    Kind.BAD_CONFIG,
                    t.where() + ": num_key_value_heads " + kvHeads + " must divide num_attention_heads " + heads);
        }
        int maxPos = t.optInt("max_position_embeddings", 2048);
        double ropeTheta = t.optDouble("rope_theta", 10000.0);
        TextConfig.RopeScaling scaling = null;
        JsonFields ropeParams = t.objectOrNull("rope_parameters"); // transformers v5 spelling
        if (ropeParams != null) {
            ropeTheta = ropeParams.optDouble("rope_theta", ropeTheta);
            scaling = parseRopeScaling(ropeParams, maxPos);
        }
        JsonFields ropeScaling = t.objectOrNull("rope_scaling");
        if (ropeScaling != null) {
            scaling = parseRopeScaling(ropeScaling, maxPos);
        }
        List<Integer> eos = t.intOrIntList("eos_token_id");
        if (eos.isEmpty()) {
            eos = top.intOrIntList("eos_token_id");
        }
        Integer bos = t.has("bos_token_id") ? t.intOrNull("bos_token_id") : top.intOrNull("bos_token_id");
        var out = new TextConfig(
                hidden,
                t.reqInt("num_hidden_layers"),
                heads,
                kvHeads,
                headDim,
                t.reqInt("intermediate_size"),
                t.reqInt("vocab_size"),
                ropeTheta,
                scaling,
                t.optDouble("rms_norm_eps", 1e-6),
                t.optBool("tie_word_embeddings", top.optBool("tie_word_embeddings", false)),
                maxPos,
                t.optBool("attention_bias", false),
                eos,
                bos);
        requirePositive(t, "num_hidden_layers", out.numLayers());
        requirePositive(t, "intermediate_size", out.intermediateSize());
        requirePositive(t, "vocab_size", out.vocabSize());
        requirePositive(t, "head_dim", headDim);
        return out;
    }

    /**
     * HCXVisionConfig renames GPT-2 style keys of the text config before building it ({@code n_embd →
     * hidden_size}, {@code n_positions → max_position_embeddings}, {@code n_head → num_attention_heads},
     * {@code n_layer → num_hidden_layers}); do the same so either spelling is read.
     */
    static JsonFields withGpt2Aliases(JsonFields t) {
        String[][] aliases = {
            {"n_embd", "hidden_size"},
            {"n_positions", "max_position_embeddings"},
            {"n_head", "num_attention_heads"},
            {"n_layer", "num_hidden_layers"}
        };
        var copy = t.node().deepCopy();
        boolean changed = false;
        for (String[] a : aliases) {
            if (copy.has(a[0]) && !copy.has(a[1]) && copy instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                o.set(a[1], o.get(a[0]));
                changed = true;
            }
        }
        return changed ? new JsonFields(copy, t.where()) : t;
    }

    /** {@code rope_scaling}: null for {@code default}; llama3 needs all four numbers. */
    static TextConfig.RopeScaling parseRopeScaling(JsonFields r, int maxPos) {
        String type = r.optString("rope_type", r.optString("type", "default"));
        if (type.equals("default")) {
            return null;
        }
        boolean llama3 = type.equals("llama3");
        return new TextConfig.RopeScaling(
                type,
                llama3 ? reqDouble(r, "factor") : r.optDouble("factor", 1.0),
                llama3 ? reqDouble(r, "low_freq_factor") : r.optDouble("low_freq_factor", 0),
                llama3 ? reqDouble(r, "high_freq_factor") : r.optDouble("high_freq_factor", 0),
                llama3
                        ? r.reqInt("original_max_position_embeddings")
                        : r.optInt("original_max_position_embeddings", maxPos));
    }

    /**
     * Connector keys, top level of config.json, falling back to preprocessor_config.json where the
     * processor carries the same key. Defaults are {@code HCXVisionConfig}'s: use_nth_layer -2,
     * proj_pos_emb true, proj_prenorm false; first_last_frames_slow false.
     */
    static ConnectorConfig parseConnector(JsonFields c, JsonFields pre) {
        String type = c.optString("mm_projector_type", null);
        if (type == null) {
            throw new CheckpointException(Kind.BAD_CONFIG, c.where() + ": missing required key \"mm_projector_type\"");
        }
        Integer image = firstInt(c, pre, "num_queries_vis_abstractor_image");
        if (image == null) {
            image = firstInt(c, pre, "num_queries_vis_abstractor"); // older single key
        }
        if (image == null || image <= 0) {
            throw new CheckpointException(
                    Kind.BAD_CONFIG,
                    c.where() + " / " + pre.where()
                            + ": need num_queries_vis_abstractor_image (or num_queries_vis_abstractor) > 0, found "
                            + image);
        }
        // Without video-specific keys every video grid is abstracted like an image grid.
        Integer slow = firstInt(c, pre, "num_queries_vis_abstractor_video_slow");
        Integer fast = firstInt(c, pre, "num_queries_vis_abstractor_video_fast");
        boolean firstLast = c.has("first_last_frames_slow")
                ? c.optBool("first_last_frames_slow", false)
                : pre.optBool("first_last_frames_slow", false);
        return new ConnectorConfig(
                type,
                c.optInt("use_nth_layer", -2),
                image,
                slow == null ? image : slow,
                fast == null ? image : fast,
                firstLast,
                c.optBool("proj_pos_emb", true),
                c.optBool("proj_prenorm", false),
                CABSTRACTOR_DEPTH,
                CABSTRACTOR_MLP_DEPTH);
    }

    /**
     * {@code preprocessor_config.json}, with config.json as fallback for the anyres keys the model side
     * also reads. Defaults: rescale_factor 1/255 and resample 3 (BICUBIC), the HF image-processor
     * defaults; anyres / unpad / use_1x1_grid false and max_num_grids -1, HCXVisionConfig's;
     * pad_to_square true (the HCX processor's). possible_resolutions, when absent in both files, is
     * generated from max_num_grids exactly as vLLM's {@code _init_possible_resolutions} does.
     */
    static PreprocessorConfig parsePreprocessor(JsonFields pre, JsonFields config, int tile) {
        boolean anyres = pre.has("anyres") ? pre.optBool("anyres", false) : config.optBool("anyres", false);
        boolean unpad = pre.has("unpad") ? pre.optBool("unpad", false) : config.optBool("unpad", false);
        int maxGrids = pre.has("max_num_grids") ? pre.optInt("max_num_grids", -1) : config.optInt("max_num_grids", -1);
        boolean use1x1 =
                pre.has("use_1x1_grid") ? pre.optBool("use_1x1_grid", false) : config.optBool("use_1x1_grid", false);
        int crop = cropSize(pre, tile);
        List<Resolution> fromPre = resolutions(pre);
        List<Resolution> fromConfig = resolutions(config);
        if (fromPre != null && fromConfig != null && !fromPre.equals(fromConfig)) {
            throw new CheckpointException(
                    Kind.BAD_CONFIG,
                    "possible_resolutions differ: preprocessor_config.json has " + fromPre + ", config.json has "
                            + fromConfig);
        }
        List<Resolution> res = fromPre != null ? fromPre : fromConfig;
        if (res == null) {
            res = new ArrayList<>();
            if (anyres) {
                if (maxGrids <= 0) {
                    throw new CheckpointException(
                            Kind.BAD_CONFIG,
                            "anyres is on but neither possible_resolutions nor max_num_grids > 0 is set");
                }
                for (Resolution r : PreprocessorConfig.gridResolutions(maxGrids, crop)) {
                    if (use1x1 || r.height() != crop || r.width() != crop) {
                        res.add(r);
                    }
                }
            }
        }
        float[] mean = pre.optFloats("image_mean", null);
        float[] std = pre.optFloats("image_std", null);
        if (mean == null || std == null || mean.length != 3 || std.length != 3) {
            throw new CheckpointException(
                    Kind.BAD_CONFIG, pre.where() + ": image_mean and image_std must each hold 3 numbers");
        }
        return new PreprocessorConfig(
                res,
                crop,
                mean,
                std,
                pre.optDouble("rescale_factor", 1.0 / 255.0),
                pre.optInt("resample", 3),
                anyres,
                unpad,
                maxGrids,
                pre.optBool("pad_to_square", true));
    }

    /** {@code generation_config.json}; absent file → only the text config's stop ids. */
    public static GenerationConfig parseGeneration(Path file, TextConfig text) {
        if (!Files.exists(file)) {
            return GenerationConfig.ofEos(text.eosTokenIds(), text.bosTokenId());
        }
        JsonFields g = JsonFields.readObject(file);
        List<Integer> eos = g.intOrIntList("eos_token_id");
        try {
            return new GenerationConfig(
                    eos.isEmpty() ? text.eosTokenIds() : eos,
                    g.has("bos_token_id") ? g.intOrNull("bos_token_id") : text.bosTokenId(),
                    g.intOrNull("pad_token_id"),
                    g.has("do_sample") ? g.optBool("do_sample", false) : null,
                    g.doubleOrNull("temperature"),
                    g.doubleOrNull("top_p"),
                    g.intOrNull("top_k"),
                    g.doubleOrNull("repetition_penalty"),
                    g.intOrNull("max_new_tokens"),
                    g.intOrNull("max_length"));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(Kind.BAD_CONFIG, g.where() + ": " + e.getMessage(), e);
        }
    }

    /** The id of {@code content} among tokenizer.json's {@code added_tokens} (then its model vocab), or -1. */
    public static int tokenId(Path tokenizerJson, String content) {
        JsonNode tok = JsonFields.readTree(tokenizerJson);
        JsonNode added = tok.path("added_tokens");
        for (JsonNode t : added) {
            if (content.equals(t.path("content").asText(null)) && t.path("id").canConvertToInt()) {
                return t.path("id").intValue();
            }
        }
        JsonNode vocabId = tok.path("model").path("vocab").path(content);
        return vocabId.canConvertToInt() && vocabId.isIntegralNumber() ? vocabId.intValue() : -1;
    }

    private static int placeholderId(JsonFields c, String newKey, String oldKey, String text, Path tokenizerJson) {
        Integer id = c.intOrNull(newKey);
        if (id == null) {
            id = c.intOrNull(oldKey);
        }
        if (id != null) {
            return id;
        }
        int found = tokenId(tokenizerJson, text);
        if (found < 0) {
            throw new CheckpointException(
                    Kind.BAD_CONFIG,
                    "config.json has neither " + newKey + " nor " + oldKey + ", and " + tokenizerJson + " has no token "
                            + text);
        }
        return found;
    }

    private static Integer firstInt(JsonFields a, JsonFields b, String key) {
        return a.has(key) ? a.intOrNull(key) : b.intOrNull(key);
    }

    private static int cropSize(JsonFields pre, int tile) {
        JsonNode v = pre.node().get("crop_size");
        if (v == null || v.isNull()) {
            return tile; // the processor crops to the tower's image_size
        }
        if (v.isIntegralNumber()) {
            return v.intValue();
        }
        JsonFields o = pre.objectOrNull("crop_size");
        int h = o.reqInt("height");
        int w = o.reqInt("width");
        if (h != w) {
            throw pre.bad("crop_size", "square", v);
        }
        return h;
    }

    private static List<Resolution> resolutions(JsonFields f) {
        JsonNode v = f.node().get("possible_resolutions");
        if (v == null || v.isNull()) {
            return null;
        }
        var out = new ArrayList<Resolution>();
        if (!v.isArray()) {
            throw f.bad("possible_resolutions", "a list of [height, width] pairs", v);
        }
        for (JsonNode p : v) {
            if (!p.isArray()
                    || p.size() != 2
                    || !p.get(0).isIntegralNumber()
                    || !p.get(1).isIntegralNumber()) {
                throw f.bad("possible_resolutions", "a list of [height, width] pairs", p);
            }
            out.add(new Resolution(p.get(0).intValue(), p.get(1).intValue()));
        }
        return List.copyOf(out);
    }

    private static double reqDouble(JsonFields f, String key) {
        if (!f.has(key)) {
            throw new CheckpointException(Kind.BAD_CONFIG, f.where() + ": missing required key \"" + key + "\"");
        }
        return f.optDouble(key, 0);
    }

    private static void requirePositive(JsonFields f, String key, int value) {
        if (value <= 0) {
            throw new CheckpointException(
                    Kind.BAD_CONFIG, f.where() + ": \"" + key + "\" must be positive, found " + value);
        }
    }
}
