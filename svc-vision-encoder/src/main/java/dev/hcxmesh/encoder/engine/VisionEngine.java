package dev.hcxmesh.encoder.engine;

import java.util.List;

/**
 * Runs the SigLIP tower and the C-Abstractor on a batch of tiles (HCX-MODEL-SPEC §3).
 *
 * <p>Implementations: {@code reference.NaiveVisionEngine} (scalar test oracle), {@code
 * cpu.CpuVisionEngine} (Vector API), {@code triton.TritonVisionEngine} (remote KServe v2).
 */
public interface VisionEngine extends AutoCloseable {

    /**
     * Encodes tiles.
     *
     * @param tiles uint8 RGB tiles, each HWC {@code [378, 378, 3]} row-major
     * @param queriesPerTile per tile, 81 (9×9 pool) or 9 (3×3 pool, video fast grids)
     * @return projector outputs concatenated in tile order, {@code [sum(queries), llmHidden]} row-major
     * @throws EngineException with a typed {@link dev.hcxmesh.api.v1.ErrorCode} on bad input or backend failure
     */
    float[] encode(List<byte[]> tiles, int[] queriesPerTile);

    /** A short engine name for logs and metrics ({@code naive}, {@code cpu-f32}, {@code triton}). */
    String name();

    @Override
    default void close() {}
}
