package dev.hcxmesh.decoder.engine.cpu;

import dev.hcxmesh.decoder.engine.llama.LlamaWeightNames;

/**
 * Tuning of the embedded CPU engine.
 *
 * @param name engine name for logs and metrics
 * @param format how matrices are stored (converted or quantised at load)
 * @param threads compute threads (the scheduler thread is one of them)
 * @param kvBudgetBytes memory for the paged KV cache; the pool holds {@code budget / blockBytes} blocks
 * @param kvBlockSize token slots per KV block
 * @param prefillChunk most prompt tokens processed in one step, over all sequences
 * @param maxBatch most sequences running at once
 * @param maxWaiting most sequences waiting for admission; one more is refused with QUEUE_FULL
 * @param prefixCaching share full prompt-prefix KV blocks between sequences
 * @param maxContext longest prompt + completion; 0 takes the config's max_position_embeddings
 * @param names checkpoint tensor names
 * @param randomWeights reported in {@code EngineInfo} (true for generated test checkpoints)
 */
public record CpuEngineOptions(
        String name,
        WeightFormat format,
        int threads,
        long kvBudgetBytes,
        int kvBlockSize,
        int prefillChunk,
        int maxBatch,
        int maxWaiting,
        boolean prefixCaching,
        int maxContext,
        LlamaWeightNames names,
        boolean randomWeights) {

    public CpuEngineOptions {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (format == null || names == null) {
            throw new IllegalArgumentException("format and names are required");
        }
        if (threads < 1 || kvBlockSize < 1 || prefillChunk < 1 || maxBatch < 1 || maxWaiting < 0) {
            throw new IllegalArgumentException("threads, kvBlockSize, prefillChunk, maxBatch must be >= 1 and"
                    + " maxWaiting >= 0, found " + threads + "/" + kvBlockSize + "/" + prefillChunk + "/" + maxBatch
                    + "/" + maxWaiting);
        }
        if (kvBudgetBytes <= 0 || maxContext < 0) {
            throw new IllegalArgumentException(
                    "kvBudgetBytes must be > 0 and maxContext >= 0, found " + kvBudgetBytes + "/" + maxContext);
        }
    }

    /** Defaults: F32, 2 threads, 512 MiB KV in 16-token blocks, 64-token prefill chunks, batch 8. */
    public static CpuEngineOptions defaults() {
        return new CpuEngineOptions(
                "embedded-cpu", WeightFormat.F32, 2, 512L << 20, 16, 64, 8, 64, true, 0, LlamaWeightNames.HCX, false);
    }

    public CpuEngineOptions withFormat(WeightFormat f) {
        return new CpuEngineOptions(
                name,
                f,
                threads,
                kvBudgetBytes,
                kvBlockSize,
                prefillChunk,
                maxBatch,
                maxWaiting,
                prefixCaching,
                maxContext,
                names,
                randomWeights);
    }

    public CpuEngineOptions withThreads(int t) {
        return new CpuEngineOptions(
                name,
                format,
                t,
                kvBudgetBytes,
                kvBlockSize,
                prefillChunk,
                maxBatch,
                maxWaiting,
                prefixCaching,
                maxContext,
                names,
                randomWeights);
    }

    public CpuEngineOptions withKv(long budgetBytes, int blockSize) {
        return new CpuEngineOptions(
                name,
                format,
                threads,
                budgetBytes,
                blockSize,
                prefillChunk,
                maxBatch,
                maxWaiting,
                prefixCaching,
                maxContext,
                names,
                randomWeights);
    }

    public CpuEngineOptions withBatching(int chunk, int batch, int waiting) {
        return new CpuEngineOptions(
                name,
                format,
                threads,
                kvBudgetBytes,
                kvBlockSize,
                chunk,
                batch,
                waiting,
                prefixCaching,
                maxContext,
                names,
                randomWeights);
    }

    public CpuEngineOptions withPrefixCaching(boolean on) {
        return new CpuEngineOptions(
                name,
                format,
                threads,
                kvBudgetBytes,
                kvBlockSize,
                prefillChunk,
                maxBatch,
                maxWaiting,
                on,
                maxContext,
                names,
                randomWeights);
    }

    public CpuEngineOptions withMaxContext(int ctx) {
        return new CpuEngineOptions(
                name,
                format,
                threads,
                kvBudgetBytes,
                kvBlockSize,
                prefillChunk,
                maxBatch,
                maxWaiting,
                prefixCaching,
                ctx,
                names,
                randomWeights);
    }

    public CpuEngineOptions withNames(LlamaWeightNames n, boolean random) {
        return new CpuEngineOptions(
                name,
                format,
                threads,
                kvBudgetBytes,
                kvBlockSize,
                prefillChunk,
                maxBatch,
                maxWaiting,
                prefixCaching,
                maxContext,
                n,
                random);
    }
}
