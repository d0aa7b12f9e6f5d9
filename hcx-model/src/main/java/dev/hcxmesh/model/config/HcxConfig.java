package dev.hcxmesh.model.config;

/**
 * Everything a checkpoint directory says about the model. Built by the checkpoint loader from the
 * files; never filled from constants when the files have the value.
 *
 * @param modelType top-level {@code model_type} ({@code hyperclovax_vlm})
 * @param imageTokenId image placeholder id ({@code <|dummy3|>}, 100271 in the real checkpoint)
 * @param videoTokenId video placeholder id ({@code <|_unuse_missing_100270|>}, 100270)
 */
public record HcxConfig(
        String modelType,
        VisionConfig vision,
        TextConfig text,
        ConnectorConfig connector,
        PreprocessorConfig preprocessor,
        int imageTokenId,
        int videoTokenId) {}
