/**
 * The embedded CPU engine: {@link dev.hcxmesh.decoder.engine.cpu.CpuLanguageEngine} (scheduler,
 * continuous batching, admission), {@code ForwardPass} (one batched Llama step), {@link
 * dev.hcxmesh.decoder.engine.cpu.Matrix} kernels per {@link dev.hcxmesh.decoder.engine.cpu.WeightFormat}
 * (Vector API, static final species), {@code KvBlockPool} (paged KV cache with ref-counted prefix
 * blocks) and {@code AdmissionQueue} (priority, then tenant round robin).
 *
 * <p>Kernels: every format decodes a 32-column block into two 16-lane float vectors (BF16 by a shift
 * and a mask, Q8_0 by widening bytes and scaling, Q4_0 by one lane permute of each nibble into the
 * block's 16 dequantised levels) and accumulates with FMA. {@code RowKernels} runs 2-row x 4-input
 * register tiles when a step has four or more rows (batches, prefill chunks), 1-row x 4-input and
 * 1-row x 1-input otherwise; all three accumulate an output element in the same order, and {@code
 * Lanes.sum} reduces lanes in one fixed order, so outputs are bit-identical whatever the batch, the
 * row split between threads, or the JIT state. Batch-1 decoding streams every weight once per token:
 * BF16 is bounded by memory bandwidth, Q8_0 and Q4_0 by the decode arithmetic, since the Vector API
 * exposes no int8 or bf16 dot-product instruction (VNNI {@code vpdpbusd}, {@code vdpbf16ps}) that
 * llama.cpp uses. Measured figures are in docs/BENCHMARKS.md.
 */
package dev.hcxmesh.decoder.engine.cpu;
