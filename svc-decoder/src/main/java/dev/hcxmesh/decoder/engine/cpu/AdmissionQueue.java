package dev.hcxmesh.decoder.engine.cpu;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Waiting sequences, bounded: the highest priority goes first; within a priority, tenants take turns
 * (round robin) and each tenant's own requests stay FIFO. Not thread-safe (the engine locks).
 */
final class AdmissionQueue<T> {
    private final int capacity;
    private final TreeMap<Integer, LinkedHashMap<String, ArrayDeque<T>>> byPriority =
            new TreeMap<>(Comparator.reverseOrder());
    private int size;

    AdmissionQueue(int capacity) {
        this.capacity = capacity;
    }

    int size() {
        return size;
    }

    /** False when the queue is full. */
    boolean offer(T item, int priority, String tenant) {
        if (size >= capacity) {
            return false;
        }
        byPriority
                .computeIfAbsent(priority, p -> new LinkedHashMap<>())
                .computeIfAbsent(tenant == null ? "" : tenant, t -> new ArrayDeque<>())
                .addLast(item);
        size++;
        return true;
    }

    /** The item {@link #poll} would return, or null. */
    T peek() {
        if (size == 0) {
            return null;
        }
        return byPriority.firstEntry().getValue().values().iterator().next().peekFirst();
    }

    /** Removes the next item: top priority, next tenant in turn; that tenant moves to the back. */
    T poll() {
        if (size == 0) {
            return null;
        }
        var level = byPriority.firstEntry();
        LinkedHashMap<String, ArrayDeque<T>> tenants = level.getValue();
        Map.Entry<String, ArrayDeque<T>> first = tenants.entrySet().iterator().next();
        T item = first.getValue().pollFirst();
        tenants.remove(first.getKey());
        if (!first.getValue().isEmpty()) {
            tenants.put(first.getKey(), first.getValue()); // back of the line
        }
        if (tenants.isEmpty()) {
            byPriority.remove(level.getKey());
        }
        size--;
        return item;
    }

    /** Removes and returns every item matching {@code p}. */
    List<T> removeIf(Predicate<T> p) {
        List<T> out = new ArrayList<>();
        for (Iterator<LinkedHashMap<String, ArrayDeque<T>>> lv =
                        byPriority.values().iterator();
                lv.hasNext(); ) {
            var tenants = lv.next();
            for (Iterator<ArrayDeque<T>> tv = tenants.values().iterator(); tv.hasNext(); ) {
                ArrayDeque<T> dq = tv.next();
                for (Iterator<T> it = dq.iterator(); it.hasNext(); ) {
                    T x = it.next();
                    if (p.test(x)) {
                        it.remove();
                        out.add(x);
                        size--;
                    }
                }
                if (dq.isEmpty()) {
                    tv.remove();
                }
            }
            if (tenants.isEmpty()) {
                lv.remove();
            }
        }
        return out;
    }
}
