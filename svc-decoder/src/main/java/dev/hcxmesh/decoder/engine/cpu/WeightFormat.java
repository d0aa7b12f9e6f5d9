package dev.hcxmesh.decoder.engine.cpu;

/** How the CPU engine stores its matrices in memory (converted or quantised once at load). */
public enum WeightFormat {
    /** 4 bytes per weight. */
    F32,
    /** bfloat16, 2 bytes per weight, widened to f32 in the kernel. */
    BF16,
    /** 32-weight blocks: one f16 scale + 32 int8 (8.5 bits per weight), like GGML Q8_0. */
    Q8_0,
    /** 32-weight blocks: one f16 scale + 32 4-bit values offset by 8 (4.5 bits per weight), like GGML Q4_0. */
    Q4_0
}
