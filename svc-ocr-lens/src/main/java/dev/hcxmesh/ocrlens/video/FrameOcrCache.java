package dev.hcxmesh.ocrlens.video;

import dev.hcxmesh.ocrlens.ocr.OcrWord;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Reuses OCR results across near-identical frames or text bands: an LRU of (dHash, words) entries; a lookup
 * hits when some entry's hash is within {@code maxDistance} bits (the nearest wins and becomes most recent).
 * Thread-safe (synchronized; entries are few). Words are stored in the coordinates of the hashed crop.
 */
public final class FrameOcrCache {

    private record Entry(DHash hash, List<OcrWord> words) {}

    private final int capacity;
    private final int maxDistance;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private long hits;
    private long misses;

    /**
     * @param capacity maximum entries kept (at least 1)
     * @param maxDistance largest Hamming distance counted as the same image (0 = exact)
     */
    public FrameOcrCache(int capacity, int maxDistance) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, found " + capacity);
        }
        if (maxDistance < 0) {
            throw new IllegalArgumentException("maxDistance must be >= 0, found " + maxDistance);
        }
        this.capacity = capacity;
        this.maxDistance = maxDistance;
    }

    /** 32 entries, 5 % of a 64 x 8 hash (25 bits). */
    public static FrameOcrCache defaults() {
        return new FrameOcrCache(32, 25);
    }

    public synchronized Optional<List<OcrWord>> lookup(DHash hash) {
        Entry best = null;
        int bestD = Integer.MAX_VALUE;
        for (Entry e : entries) {
            int d = e.hash.distance(hash);
            if (d < bestD) {
                bestD = d;
                best = e;
            }
        }
        if (best == null || bestD > maxDistance) {
            misses++;
            return Optional.empty();
        }
        hits++;
        entries.remove(best);
        entries.addFirst(best);
        return Optional.of(best.words);
    }

    public synchronized void put(DHash hash, List<OcrWord> words) {
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            if (it.next().hash.equals(hash)) {
                it.remove();
            }
        }
        entries.addFirst(new Entry(hash, List.copyOf(words)));
        while (entries.size() > capacity) {
            entries.removeLast();
        }
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }

    public synchronized int size() {
        return entries.size();
    }
}
