package dev.hcxmesh.decoder.engine;

/**
 * @param name engine name for logs and metrics (embedded-cpu, triton)
 * @param hiddenSize width of the embeddings spliced into prompts
 * @param vocabSize logits width
 * @param maxContext longest prompt + completion
 * @param randomWeights true when the weights come from a generated tiny checkpoint
 */
public record EngineInfo(String name, int hiddenSize, int vocabSize, int maxContext, boolean randomWeights) {}
