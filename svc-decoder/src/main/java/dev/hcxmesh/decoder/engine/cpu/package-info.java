/**
 * The embedded CPU engine: {@link dev.hcxmesh.decoder.engine.cpu.CpuLanguageEngine} (scheduler,
 * continuous batching, admission), {@code ForwardPass} (one batched Llama step), {@link
 * dev.hcxmesh.decoder.engine.cpu.Matrix} kernels per {@link dev.hcxmesh.decoder.engine.cpu.WeightFormat}
 * (Vector API, static final species), {@code KvBlockPool} (paged KV cache with ref-counted prefix
 * blocks) and {@code AdmissionQueue} (priority, then tenant round robin).
 *
 * <p>Kernels: every format stores its weights in {@code Panels} of one float vector of rows (16 with
 * AVX-512, 8 with AVX2: {@code Simd} picks the CPU's native width), column-interleaved, so one vector
 * load is one column (or a column pair) of a panel and a kernel multiplies it by a
 * broadcast input value: no horizontal reduction, no activation loads per weight, and one long
 * sequential stream per panel. F32 and BF16 (a shift or a mask per column pair) accumulate with FMA
 * in an even and an odd chain; Q8_0 widens bytes to floats, sums a block and scales it (its float
 * scales follow each block's quants in the same array); Q4_0 masks out its biased nibbles,
 * multiplies them by int8-quantised inputs ({@code Activations}, llama.cpp's scheme) in int16, and
 * scales each block's exact integer dot after removing the bias (its scales stay f16 and are decoded
 * in the kernel, {@code F16Scales}). {@code Panels} runs four panels x one input (batch 1) or two
 * panels (one for F32) x four inputs (batches, prefill), so each broadcast input serves several
 * panels; every kernel computes an output element with the same operations in the same order, so
 * outputs are bit-identical whatever the batch, the row split between threads, or the JIT state. Kernels keep every vector inside one method body: C2 boxes a
 * vector that crosses a call it did not inline, which costs 5-10x in a hot loop. Batch-1 decoding
 * streams every weight once per token: BF16 is bound by memory, the 8- and 4-bit formats as much by
 * the decode arithmetic, since the Vector API exposes no int8 or bf16 dot-product instruction (VNNI
 * {@code vpdpbusd}, {@code vdpbf16ps}) that llama.cpp uses. Measured figures are in docs/BENCHMARKS.md.
 */
package dev.hcxmesh.decoder.engine.cpu;
