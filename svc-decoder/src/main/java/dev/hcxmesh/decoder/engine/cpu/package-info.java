/**
 * The embedded CPU engine: {@link dev.hcxmesh.decoder.engine.cpu.CpuLanguageEngine} (scheduler,
 * continuous batching, admission), {@code ForwardPass} (one batched Llama step), {@link
 * dev.hcxmesh.decoder.engine.cpu.Matrix} kernels per {@link dev.hcxmesh.decoder.engine.cpu.WeightFormat}
 * (Vector API, static final species), {@code KvBlockPool} (paged KV cache with ref-counted prefix
 * blocks) and {@code AdmissionQueue} (priority, then tenant round robin).
 */
package dev.hcxmesh.decoder.engine.cpu;
