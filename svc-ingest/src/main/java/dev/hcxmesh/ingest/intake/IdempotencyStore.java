package dev.hcxmesh.ingest.intake;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Remembers which job an idempotency key created, so a resubmitted request returns the same job and
 * starts nothing new. Bounded (least recently used keys are forgotten first).
 */
public final class IdempotencyStore {
    private final Map<String, String> jobs;

    public IdempotencyStore(int capacity) {
        this.jobs = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The job for {@code key}: an existing one ({@code duplicate} true) or a new one from {@code newJob}. */
    public synchronized Claim claim(String key, Supplier<String> newJob) {
        if (key == null || key.isEmpty()) {
            return new Claim(newJob.get(), false);
        }
        String existing = jobs.get(key);
        if (existing != null) {
            return new Claim(existing, true);
        }
        String id = newJob.get();
        jobs.put(key, id);
        return new Claim(id, false);
    }

    /** Forgets a key whose job could not be started, so a retry can start it. */
    public synchronized void release(String key) {
        if (key != null) {
            jobs.remove(key);
        }
    }

    public record Claim(String jobId, boolean duplicate) {}
}
