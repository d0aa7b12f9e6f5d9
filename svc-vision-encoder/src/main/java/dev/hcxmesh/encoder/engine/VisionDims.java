package dev.hcxmesh.encoder.engine;

import dev.hcxmesh.model.config.HcxConfig;
import dev.hcxmesh.model.tensor.Weights;

/**
 * The geometry every vision engine needs, from the config with the widths the weights fix (SE
 * width, LLM hidden) read from tensor shapes.
 *
 * @param width SigLIP hidden C (1152)
 * @param heads attention heads (16)
 * @param mlp MLP width (4304)
 * @param layersRun SigLIP layers executed ({@code ConnectorConfig.layersToRun})
 * @param lnEps SigLIP LayerNorm epsilon (1e-6)
 * @param imageSize tile side in pixels (378)
 * @param patch patch side (14)
 * @param depth RegStage depth (3)
 * @param seWidth SE reduction width (288)
 * @param llmHidden projector output width D (3072)
 * @param mean per-channel normalisation mean
 * @param std per-channel normalisation std
 * @param rescale pixel rescale factor (1/255)
 */
public record VisionDims(
        int width,
        int heads,
        int mlp,
        int layersRun,
        double lnEps,
        int imageSize,
        int patch,
        int depth,
        int seWidth,
        int llmHidden,
        float[] mean,
        float[] std,
        double rescale) {

    /** LayerNorm2d epsilon of timm {@code LayerNormAct2d} in the C-Abstractor. */
    public static final double LN2D_EPS = 1e-5;

    public VisionDims {
        if (width % heads != 0) {
            throw new IllegalArgumentException("hidden " + width + " is not divisible by heads " + heads);
        }
        if (imageSize % patch != 0) {
            throw new IllegalArgumentException("image " + imageSize + " is not a multiple of patch " + patch);
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Reads the dims from a config and the shapes of the weights. */
    public static VisionDims of(HcxConfig cfg, Weights w, VisionWeightNames n) {
        var v = cfg.vision();
        int se = (int) w.get(n.block(0, 1, "se.fc1.weight")).dim(0);
        int d = (int) w.get(n.readout(2, "weight")).dim(0);
        var pre = cfg.preprocessor();
        return new VisionDims(
                v.hiddenSize(),
                v.numHeads(),
                v.intermediateSize(),
                cfg.connector().layersToRun(v.numLayers()),
                v.layerNormEps(),
                v.imageSize(),
                v.patchSize(),
                cfg.connector().depth(),
                se,
                d,
                pre.imageMean(),
                pre.imageStd(),
                pre.rescaleFactor());
    }

    /**
     * Dims from the config alone, for engines without local weights (Triton): SE width
     * {@code round(C·0.25)} (timm {@code se_ratio}), D = the LLM hidden size.
     */
    public static VisionDims fromConfig(HcxConfig cfg) {
        var v = cfg.vision();
        var pre = cfg.preprocessor();
        return new VisionDims(
                v.hiddenSize(),
                v.numHeads(),
                v.intermediateSize(),
                cfg.connector().layersToRun(v.numLayers()),
                v.layerNormEps(),
                v.imageSize(),
                v.patchSize(),
                cfg.connector().depth(),
                (int) Math.round(v.hiddenSize() * 0.25),
                cfg.text().hiddenSize(),
                pre.imageMean(),
                pre.imageStd(),
                pre.rescaleFactor());
    }

    public int headDim() {
        return width / heads;
    }

    /** Patches per side (27). */
    public int grid() {
        return imageSize / patch;
    }

    /** Tokens per tile (729). */
    public int tokens() {
        return grid() * grid();
    }

    /** Bytes of one uint8 HWC tile. */
    public int tileBytes() {
        return imageSize * imageSize * 3;
    }

    /** Pool side for a query count: 81 → 9, 9 → 3; anything else is an error naming it. */
    public int poolSide(int queries) {
        int s = (int) Math.round(Math.sqrt(queries));
        if (s * s != queries || s < 1 || grid() % s != 0) {
            throw new IllegalArgumentException(
                    "queries per tile must be a square whose side divides " + grid() + ", got " + queries);
        }
        return s;
    }

    public float[] mean() {
        return mean.clone();
    }

    public float[] std() {
        return std.clone();
    }
}
