package dev.hcxmesh.decoder.sampling;

import java.util.Arrays;

/** The growing list of generated token ids of one sequence, plus a presence set for penalties. */
public final class TokenHistory {
    private int[] ids = new int[64];
    private int size;
    private final java.util.BitSet seen = new java.util.BitSet();

    public void add(int id) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        ids[size++] = id;
        seen.set(id);
    }

    public int size() {
        return size;
    }

    public int get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("index " + i + " of " + size);
        }
        return ids[i];
    }

    /** Whether {@code id} was generated before. */
    public boolean contains(int id) {
        return seen.get(id);
    }

    /** Distinct ids generated so far, ascending. */
    public java.util.stream.IntStream distinct() {
        return seen.stream();
    }

    public int[] toArray() {
        return Arrays.copyOf(ids, size);
    }
}
