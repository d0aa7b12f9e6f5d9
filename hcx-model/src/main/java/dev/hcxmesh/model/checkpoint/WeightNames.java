package dev.hcxmesh.model.checkpoint;

import dev.hcxmesh.model.checkpoint.CheckpointException.Kind;
import dev.hcxmesh.model.config.ConnectorConfig;
import dev.hcxmesh.model.config.HcxConfig;
import dev.hcxmesh.model.config.TextConfig;
import dev.hcxmesh.model.config.VisionConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The canonical Hugging Face tensor names of an HCX-Vision checkpoint, and their shapes as functions
 * of the config. This is the one place names live; engines and the validator both ask here.
 *
 * <p>Layout (verified against vLLM {@code hyperclovax_vision.py}, whose {@code AutoWeightsLoader} maps
 * checkpoint names 1:1 onto its module tree, and TensorRT-LLM {@code modeling_hyperclovax.py}, which
 * strips {@code vision_model.} and loads the rest into a SiglipVisionModel whose own tree starts with
 * {@code vision_model.}):
 *
 * <ul>
 *   <li>{@code vision_model.vision_model.*}: HF SigLIP (the outer prefix is the VLM attribute, the
 *       inner one {@code SiglipVisionModel.vision_model}). Only the layers that run must be present.
 *   <li>{@code mm_projector.*}: C-Abstractor: {@code pos_emb}, optional {@code prenorm}, {@code net.0}
 *       (s1) and {@code net.2} (s2) timm RegStages with blocks {@code b1..b<depth>}, {@code readout.0},
 *       {@code readout.2}.
 *   <li>{@code image_newline} (only when anyres).
 *   <li>{@code language_model.*}: HF Llama ({@code model.embed_tokens}, {@code model.layers.i.*},
 *       {@code model.norm}, {@code lm_head} unless tied).
 * </ul>
 *
 * Dimension letters below: D vision width, I vision MLP, P patch, N patches per tile, C connector width
 * (= D), S SE width, H text width, F text FFN, V vocab, h/kv heads, d head_dim.
 */
public final class WeightNames {
    private WeightNames() {}

    /** Prefix of every SigLIP tensor. */
    public static final String VISION = "vision_model.vision_model.";
    /** Prefix of every C-Abstractor tensor. */
    public static final String PROJECTOR = "mm_projector.";
    /** Prefix of every Llama tensor. */
    public static final String LANGUAGE = "language_model.";

    public static final String VISION_PATCH_WEIGHT = VISION + "embeddings.patch_embedding.weight"; // [D, 3, P, P]
    public static final String VISION_PATCH_BIAS = VISION + "embeddings.patch_embedding.bias"; // [D]
    public static final String VISION_POS_EMB = VISION + "embeddings.position_embedding.weight"; // [N, D]
    public static final String PROJ_POS_EMB = PROJECTOR + "pos_emb"; // [1, N, C]
    public static final String PROJ_PRENORM_WEIGHT = PROJECTOR + "prenorm.weight"; // [C]
    public static final String PROJ_PRENORM_BIAS = PROJECTOR + "prenorm.bias"; // [C]
    public static final String IMAGE_NEWLINE = "image_newline"; // [H]
    public static final String EMBED_TOKENS = LANGUAGE + "model.embed_tokens.weight"; // [V, H]
    public static final String FINAL_NORM = LANGUAGE + "model.norm.weight"; // [H]
    public static final String LM_HEAD = LANGUAGE + "lm_head.weight"; // [V, H]

    /** Per-layer SigLIP parameters (pre-LN encoder layer). */
    public enum VisionParam {
        Q_WEIGHT("self_attn.q_proj.weight"),
        Q_BIAS("self_attn.q_proj.bias"),
        K_WEIGHT("self_attn.k_proj.weight"),
        K_BIAS("self_attn.k_proj.bias"),
        V_WEIGHT("self_attn.v_proj.weight"),
        V_BIAS("self_attn.v_proj.bias"),
        OUT_WEIGHT("self_attn.out_proj.weight"),
        OUT_BIAS("self_attn.out_proj.bias"),
        LN1_WEIGHT("layer_norm1.weight"),
        LN1_BIAS("layer_norm1.bias"),
        LN2_WEIGHT("layer_norm2.weight"),
        LN2_BIAS("layer_norm2.bias"),
        FC1_WEIGHT("mlp.fc1.weight"),
        FC1_BIAS("mlp.fc1.bias"),
        FC2_WEIGHT("mlp.fc2.weight"),
        FC2_BIAS("mlp.fc2.bias");

        public final String leaf;

        VisionParam(String leaf) {
            this.leaf = leaf;
        }
    }

    /** Per-block parameters of a timm RegNet Bottleneck (LayerNorm2d as {@code bn}). */
    public enum BlockParam {
        CONV1_WEIGHT("conv1.conv.weight"),
        CONV1_NORM_WEIGHT("conv1.bn.weight"),
        CONV1_NORM_BIAS("conv1.bn.bias"),
        CONV2_WEIGHT("conv2.conv.weight"),
        CONV2_NORM_WEIGHT("conv2.bn.weight"),
        CONV2_NORM_BIAS("conv2.bn.bias"),
        SE_FC1_WEIGHT("se.fc1.weight"),
        SE_FC1_BIAS("se.fc1.bias"),
        SE_FC2_WEIGHT("se.fc2.weight"),
        SE_FC2_BIAS("se.fc2.bias"),
        CONV3_WEIGHT("conv3.conv.weight"),
        CONV3_NORM_WEIGHT("conv3.bn.weight"),
        CONV3_NORM_BIAS("conv3.bn.bias");

        public final String leaf;

        BlockParam(String leaf) {
            this.leaf = leaf;
        }
    }

    /** Per-layer Llama parameters (biases only exist when {@code attention_bias}). */
    public enum TextParam {
        Q_WEIGHT("self_attn.q_proj.weight"),
        K_WEIGHT("self_attn.k_proj.weight"),
        V_WEIGHT("self_attn.v_proj.weight"),
        O_WEIGHT("self_attn.o_proj.weight"),
        Q_BIAS("self_attn.q_proj.bias"),
        K_BIAS("self_attn.k_proj.bias"),
        V_BIAS("self_attn.v_proj.bias"),
        O_BIAS("self_attn.o_proj.bias"),
        GATE_WEIGHT("mlp.gate_proj.weight"),
        UP_WEIGHT("mlp.up_proj.weight"),
        DOWN_WEIGHT("mlp.down_proj.weight"),
        INPUT_NORM("input_layernorm.weight"),
        POST_ATTENTION_NORM("post_attention_layernorm.weight");

        public final String leaf;

        TextParam(String leaf) {
            this.leaf = leaf;
        }
    }

    /** The two RegStages of the C-Abstractor; {@code index} is the position in {@code net}. */
    public enum Stage {
        S1(0),
        S2(2);

        public final int index;

        Stage(int index) {
            this.index = index;
        }
    }

    /** {@code vision_model.vision_model.encoder.layers.<layer>.<leaf>}. */
    public static String visionLayer(int layer, VisionParam p) {
        return VISION + "encoder.layers." + layer + "." + p.leaf;
    }

    /** {@code mm_projector.net.<0|2>.b<block>.<leaf>}, block counted from 1 as timm names them. */
    public static String projectorBlock(Stage stage, int block, BlockParam p) {
        if (block < 1) {
            throw new IllegalArgumentException("RegStage blocks are b1, b2...; got b" + block);
        }
        return PROJECTOR + "net." + stage.index + ".b" + block + "." + p.leaf;
    }

    /** The k-th Linear of the readout MLP (k from 0): {@code mm_projector.readout.<2k>.weight}. */
    public static String readoutWeight(int k) {
        return PROJECTOR + "readout." + (2 * k) + ".weight";
    }

    public static String readoutBias(int k) {
        return PROJECTOR + "readout." + (2 * k) + ".bias";
    }

    /** {@code language_model.model.layers.<layer>.<leaf>}. */
    public static String textLayer(int layer, TextParam p) {
        return LANGUAGE + "model.layers." + layer + "." + p.leaf;
    }

    /** The output projection: {@code lm_head} unless tied to the input embedding. */
    public static String lmHead(TextConfig text) {
        return text.tieWordEmbeddings() ? EMBED_TOKENS : LM_HEAD;
    }

    /** SE bottleneck width: timm's {@code int(round(C * 0.25))}, Python rounding (half to even). */
    public static int seWidth(int channels) {
        return (int) Math.rint(channels * 0.25);
    }

    /** Every tensor the config requires, in a stable order (vision, connector, newline, language). */
    public static List<TensorSpec> expected(HcxConfig cfg) {
        var out = new ArrayList<TensorSpec>();
        out.addAll(vision(cfg.vision(), cfg.connector()));
        out.addAll(projector(cfg));
        if (cfg.preprocessor().anyres()) {
            out.add(TensorSpec.of(IMAGE_NEWLINE, cfg.text().hiddenSize())); // [H]
        }
        out.addAll(language(cfg.text()));
        return out;
    }

    /** SigLIP embeddings plus the layers that run ({@link ConnectorConfig#layersToRun}). */
    public static List<TensorSpec> vision(VisionConfig v, ConnectorConfig c) {
        int run = c.layersToRun(v.numLayers());
        if (run < 1 || run > v.numLayers()) {
            throw new CheckpointException(
                    Kind.BAD_CONFIG,
                    "use_nth_layer " + c.useNthLayer() + " selects " + run + " of " + v.numLayers() + " SigLIP layers");
        }
        long d = v.hiddenSize();
        long i = v.intermediateSize();
        var out = new ArrayList<TensorSpec>();
        out.add(TensorSpec.of(VISION_PATCH_WEIGHT, d, 3, v.patchSize(), v.patchSize())); // [D, 3, P, P]
        out.add(TensorSpec.of(VISION_PATCH_BIAS, d)); // [D]
        out.add(TensorSpec.of(VISION_POS_EMB, v.numPatches(), d)); // [N, D]
        for (int l = 0; l < run; l++) {
            for (VisionParam p : VisionParam.values()) {
                long[] shape =
                        switch (p) {
                            case Q_WEIGHT, K_WEIGHT, V_WEIGHT, OUT_WEIGHT -> new long[] {d, d}; // [D, D]
                            case FC1_WEIGHT -> new long[] {i, d}; // [I, D]
                            case FC1_BIAS -> new long[] {i}; // [I]
                            case FC2_WEIGHT -> new long[] {d, i}; // [D, I]
                            default -> new long[] {d}; // biases and LayerNorm params [D]
                        };
                out.add(new TensorSpec(visionLayer(l, p), shape));
            }
        }
        return out;
    }

    /** The C-Abstractor (only {@code cabstractor} is supported). */
    public static List<TensorSpec> projector(HcxConfig cfg) {
        ConnectorConfig c = cfg.connector();
        if (!c.projectorType().equals("cabstractor")) {
            throw new CheckpointException(
                    Kind.BAD_CONFIG, "mm_projector_type \"" + c.projectorType() + "\" is not supported (cabstractor)");
        }
        long ch = cfg.vision().hiddenSize(); // C-Abstractor hidden_size = encoder width
        long se = seWidth((int) ch);
        long out = cfg.text().hiddenSize();
        var specs = new ArrayList<TensorSpec>();
        if (c.posEmb()) {
            specs.add(TensorSpec.of(PROJ_POS_EMB, 1, cfg.vision().numPatches(), ch)); // [1, N, C]
        }
        if (c.prenorm()) {
            specs.add(TensorSpec.of(PROJ_PRENORM_WEIGHT, ch)); // [C]
            specs.add(TensorSpec.of(PROJ_PRENORM_BIAS, ch)); // [C]
        }
        for (Stage s : Stage.values()) {
            for (int b = 1; b <= c.depth(); b++) {
                for (BlockParam p : BlockParam.values()) {
                    long[] shape =
                            switch (p) {
                                case CONV1_WEIGHT, CONV3_WEIGHT -> new long[] {ch, ch, 1, 1}; // [C, C, 1, 1]
                                case CONV2_WEIGHT -> new long[] {ch, 1, 3, 3}; // depthwise [C, 1, 3, 3]
                                case SE_FC1_WEIGHT -> new long[] {se, ch, 1, 1}; // [S, C, 1, 1]
                                case SE_FC1_BIAS -> new long[] {se}; // [S]
                                case SE_FC2_WEIGHT -> new long[] {ch, se, 1, 1}; // [C, S, 1, 1]
                                default -> new long[] {ch}; // norm params, fc2 bias [C]
                            };
                    specs.add(new TensorSpec(projectorBlock(s, b, p), shape));
                }
            }
        }
        for (int k = 0; k < c.mlpDepth(); k++) {
            long in = k == 0 ? ch : out;
            specs.add(TensorSpec.of(readoutWeight(k), out, in)); // [H, C] then [H, H]
            specs.add(TensorSpec.of(readoutBias(k), out)); // [H]
        }
        return specs;
    }

    /** The Llama decoder. */
    public static List<TensorSpec> language(TextConfig t) {
        long h = t.hiddenSize();
        long q = (long) t.numHeads() * t.headDim();
        long kv = (long) t.numKvHeads() * t.headDim();
        long f = t.intermediateSize();
        long v = t.vocabSize();
        var out = new ArrayList<TensorSpec>();
        out.add(TensorSpec.of(EMBED_TOKENS, v, h)); // [V, H]
        for (int l = 0; l < t.numLayers(); l++) {
            for (TextParam p : TextParam.values()) {
                long[] shape =
                        switch (p) {
                            case Q_WEIGHT -> new long[] {q, h}; // [h·d, H]
                            case K_WEIGHT, V_WEIGHT -> new long[] {kv, h}; // [kv·d, H]
                            case O_WEIGHT -> new long[] {h, q}; // [H, h·d]
                            case Q_BIAS -> t.attentionBias() ? new long[] {q} : null;
                            case K_BIAS, V_BIAS -> t.attentionBias() ? new long[] {kv} : null;
                            case O_BIAS -> t.attentionBias() ? new long[] {h} : null;
                            case GATE_WEIGHT, UP_WEIGHT -> new long[] {f, h}; // [F, H]
                            case DOWN_WEIGHT -> new long[] {h, f}; // [H, F]
                            case INPUT_NORM, POST_ATTENTION_NORM -> new long[] {h}; // [H]
                        };
                if (shape != null) {
                    out.add(new TensorSpec(textLayer(l, p), shape));
                }
            }
        }
        out.add(TensorSpec.of(FINAL_NORM, h)); // [H]
        if (!t.tieWordEmbeddings()) {
            out.add(TensorSpec.of(LM_HEAD, v, h)); // [V, H]
        }
        return out;
    }
}
