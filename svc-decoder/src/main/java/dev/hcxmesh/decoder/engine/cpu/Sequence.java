package dev.hcxmesh.decoder.engine.cpu;

import dev.hcxmesh.decoder.engine.SequenceHandle;
import dev.hcxmesh.decoder.engine.SequenceRequest;
import dev.hcxmesh.decoder.engine.TokenSink;
import dev.hcxmesh.decoder.engine.llama.SpliceMap;

/**
 * Scheduler-side state of one sequence: its request, block table and progress. Mutated only by the
 * scheduler thread, except {@link #cancel}, which only raises a flag.
 */
final class Sequence implements SequenceHandle {
    private static final long CHAIN_SEED = 0x2545F4914F6CDD1DL;

    final SequenceRequest request;
    final TokenSink sink;
    final SpliceMap splices;
    final int promptLength;
    final int neededBlocks;
    private final Runnable wake;
    private volatile boolean cancelled;

    int[] blockTable = new int[0];
    int blocksHeld;
    /** Prompt positions whose K/V are in the cache (reused or computed). */
    int prefilled;
    /** Tokens selected so far. */
    int generated;
    /** The last selected token, fed at the next decode step. */
    int lastToken;

    int registeredBlocks;
    int reusedBlocks;
    boolean finished;
    float[] logits;

    // prefix identity of each full prompt block
    long[] blockHash;
    long[] parentHash;
    long[][] blockKeys;

    Sequence(
            SequenceRequest request,
            TokenSink sink,
            SpliceMap splices,
            int maxContext,
            int blockSize,
            int hidden,
            Runnable wake) {
        this.request = request;
        this.sink = sink;
        this.splices = splices;
        this.promptLength = request.promptIds().length;
        this.wake = wake;
        int tokens = (int) Math.min((long) promptLength + request.maxNewTokens(), maxContext);
        this.neededBlocks = (tokens + blockSize - 1) / blockSize;
        int full = promptLength / blockSize;
        blockHash = new long[full];
        parentHash = new long[full];
        blockKeys = new long[full][];
        int[] ids = request.promptIds();
        long parent = CHAIN_SEED;
        for (int b = 0; b < full; b++) {
            long[] keys = new long[blockSize];
            long h = parent;
            for (int j = 0; j < blockSize; j++) {
                int pos = b * blockSize + j;
                keys[j] = splices.contentKey(pos, ids[pos], hidden);
                h = SpliceMap.mix(h * 31 + keys[j]);
            }
            parentHash[b] = parent;
            blockHash[b] = h;
            blockKeys[b] = keys;
            parent = h;
        }
    }

    boolean cancelled() {
        return cancelled;
    }

    boolean prefilling() {
        return prefilled < promptLength;
    }

    @Override
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            wake.run();
        }
    }
}
