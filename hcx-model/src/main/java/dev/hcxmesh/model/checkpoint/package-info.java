/**
 * Checkpoint I/O for HCX-Vision model directories in the Hugging Face layout: {@link
 * dev.hcxmesh.model.checkpoint.ConfigParser} (config.json in the new {@code text_config} and the old
 * {@code language_config} layout, preprocessor and generation configs), {@link
 * dev.hcxmesh.model.checkpoint.Safetensors} (FFM memory-mapped single or sharded safetensors), {@link
 * dev.hcxmesh.model.checkpoint.WeightNames} (the one place tensor names and shapes live), {@link
 * dev.hcxmesh.model.checkpoint.CheckpointValidator} and {@link dev.hcxmesh.model.checkpoint.Checkpoint}
 * (everything opened and checked). Every failure is a {@link
 * dev.hcxmesh.model.checkpoint.CheckpointException} with a {@link
 * dev.hcxmesh.model.checkpoint.CheckpointException.Kind}.
 */
package dev.hcxmesh.model.checkpoint;
