package dev.hcxmesh.decoder.engine.cpu;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The paged KV cache: a fixed number of blocks of {@code blockSize} token slots each, handed out to
 * sequences through per-sequence block tables. Blocks are reference-counted so full prompt-prefix
 * blocks can be shared (prefix caching): a block whose count drops to 0 but that holds a registered
 * prefix stays cached (least-recently-released first out) until its slot is needed.
 *
 * <p>Block storage is {@code float[layers][2][blockSize][kvDim]} flattened, allocated on first use
 * and then reused. Not thread-safe: only the scheduler thread mutates it; {@link #inUse()} may be
 * read from anywhere.
 */
final class KvBlockPool {
    private final int layers;
    private final int kvDim;
    private final int blockSize;
    private final float[][] storage; // [blocks][layers * 2 * blockSize * kvDim]
    private final int[] refs;
    private final PrefixKey[] keys; // registered prefix of each block, or null
    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private final LinkedHashSet<Integer> evictable = new LinkedHashSet<>();
    private final Map<Long, Integer> byHash = new HashMap<>();
    private final AtomicInteger inUse = new AtomicInteger();

    /** Identity of a cached prefix block: chained hash plus the exact keys it covers. */
    record PrefixKey(long hash, long parentHash, long[] tokenKeys) {
        boolean sameAs(long parent, long[] k) {
            return parentHash == parent && Arrays.equals(tokenKeys, k);
        }
    }

    KvBlockPool(int layers, int kvDim, int blockSize, int blocks) {
        if (blocks < 1 || blockSize < 1) {
            throw new IllegalArgumentException(
                    "KV pool needs >= 1 block of >= 1 slot, found " + blocks + " x " + blockSize);
        }
        this.layers = layers;
        this.kvDim = kvDim;
        this.blockSize = blockSize;
        this.storage = new float[blocks][];
        this.refs = new int[blocks];
        this.keys = new PrefixKey[blocks];
        for (int i = 0; i < blocks; i++) {
            free.add(i);
        }
    }

    /** Bytes one block holds (f32 K and V for every layer). */
    static long blockBytes(int layers, int kvDim, int blockSize) {
        return 4L * layers * 2 * blockSize * kvDim;
    }

    int blockSize() {
        return blockSize;
    }

    int capacity() {
        return storage.length;
    }

    /** Blocks referenced by at least one sequence. */
    int inUse() {
        return inUse.get();
    }

    /** Blocks that {@link #allocate} can still hand out (free or cached-but-unreferenced). */
    int available() {
        return free.size() + evictable.size();
    }

    /** Cached prefix blocks (referenced or not). */
    int cachedPrefixBlocks() {
        return byHash.size();
    }

    /** A fresh block with reference count 1, or -1 when none is free or evictable. */
    int allocate() {
        Integer b = free.poll();
        if (b == null) {
            var it = evictable.iterator();
            if (!it.hasNext()) {
                return -1;
            }
            b = it.next();
            it.remove();
            byHash.remove(keys[b].hash());
            keys[b] = null;
        }
        refs[b] = 1;
        inUse.incrementAndGet();
        storage(b); // allocate here, on the scheduler thread, before workers read or write it
        return b;
    }

    /** Drops one reference; an unreferenced block returns to the free list or stays cached. */
    void release(int b) {
        if (refs[b] <= 0) {
            throw new IllegalStateException("block " + b + " released more often than retained");
        }
        if (--refs[b] == 0) {
            inUse.decrementAndGet();
            if (keys[b] != null) {
                evictable.add(b);
            } else {
                free.add(b);
            }
        }
    }

    /** A cached block holding exactly this prefix, retained for the caller, or -1. */
    int lookup(long hash, long parentHash, long[] tokenKeys) {
        Integer b = byHash.get(hash);
        if (b == null || !keys[b].sameAs(parentHash, tokenKeys)) {
            return -1;
        }
        if (refs[b]++ == 0) {
            evictable.remove(b);
            inUse.incrementAndGet();
        }
        return b;
    }

    /** Publishes a fully written prompt block; ignored when an equal prefix is already cached. */
    void register(int b, long hash, long parentHash, long[] tokenKeys) {
        if (keys[b] != null || byHash.containsKey(hash)) {
            return;
        }
        keys[b] = new PrefixKey(hash, parentHash, tokenKeys.clone());
        byHash.put(hash, b);
    }

    /** The block's storage {@code [layers][2][blockSize][kvDim]}, allocated on first use. */
    float[] storage(int b) {
        float[] s = storage[b];
        if (s == null) {
            s = new float[layers * 2 * blockSize * kvDim];
            storage[b] = s;
        }
        return s;
    }

    /** Float offset of (layer, k-or-v, slot) inside a block's storage. */
    int offset(int layer, int kv, int slot) {
        return ((layer * 2 + kv) * blockSize + slot) * kvDim;
    }
}
