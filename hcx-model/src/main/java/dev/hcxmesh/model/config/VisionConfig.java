package dev.hcxmesh.model.config;

/**
 * SigLIP vision tower geometry, from {@code config.json → vision_config}.
 *
 * @param hiddenSize width d (1152 for so400m)
 * @param numLayers layers in the checkpoint (27); how many run is {@link ConnectorConfig#useNthLayer()}
 * @param numHeads attention heads (16)
 * @param intermediateSize MLP width (4304)
 * @param imageSize tile side in pixels (378)
 * @param patchSize patch side in pixels (14)
 * @param layerNormEps LayerNorm epsilon (1e-6)
 * @param hiddenAct MLP activation, {@code gelu_pytorch_tanh}
 */
public record VisionConfig(
        int hiddenSize,
        int numLayers,
        int numHeads,
        int intermediateSize,
        int imageSize,
        int patchSize,
        double layerNormEps,
        String hiddenAct) {

    /** Patches per side (27). */
    public int gridSide() {
        return imageSize / patchSize;
    }

    /** Patch tokens per tile, no CLS (729). */
    public int numPatches() {
        return gridSide() * gridSide();
    }

    public int headDim() {
        return hiddenSize / numHeads;
    }
}
