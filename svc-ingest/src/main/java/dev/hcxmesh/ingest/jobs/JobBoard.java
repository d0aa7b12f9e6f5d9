package dev.hcxmesh.ingest.jobs;

import dev.hcxmesh.api.v1.JobEvent;
import dev.hcxmesh.api.v1.JobResult;
import dev.hcxmesh.api.v1.Progress;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What ingest knows about jobs: the latest progress and the result of each, fed from the {@code
 * hcx.progress} and {@code hcx.results} topics, and live streams of events for {@code Watch}.
 * Bounded: the oldest jobs are forgotten first (the topics stay the source of truth).
 */
@ApplicationScoped
public class JobBoard {
    private static final int CAPACITY = 50_000;

    private final Map<String, JobResult> results = lru();
    private final Map<String, Progress> progress = lru();
    private final Map<String, BroadcastProcessor<JobEvent>> watchers = new ConcurrentHashMap<>();

    public void onProgress(Progress p) {
        synchronized (this) {
            progress.put(p.getJobId(), p);
        }
        var w = watchers.get(p.getJobId());
        if (w != null) {
            w.onNext(JobEvent.newBuilder().setProgress(p).build());
        }
    }

    public void onResult(JobResult r) {
        synchronized (this) {
            if (results.containsKey(r.getJobId())) {
                return; // a replayed duplicate: the first result stands
            }
            results.put(r.getJobId(), r);
        }
        var w = watchers.remove(r.getJobId());
        if (w != null) {
            w.onNext(JobEvent.newBuilder().setResult(r).build());
            w.onComplete();
        }
    }

    public synchronized Optional<JobResult> result(String jobId) {
        return Optional.ofNullable(results.get(jobId));
    }

    public synchronized Optional<Progress> progress(String jobId) {
        return Optional.ofNullable(progress.get(jobId));
    }

    /** Progress events, then the result; completes right away when the result is already known. */
    public Multi<JobEvent> watch(String jobId) {
        var done = result(jobId);
        if (done.isPresent()) {
            return Multi.createFrom()
                    .item(JobEvent.newBuilder().setResult(done.get()).build());
        }
        var processor = watchers.computeIfAbsent(jobId, k -> BroadcastProcessor.create());
        // a result may have landed between the check and the registration
        var raced = result(jobId);
        if (raced.isPresent()) {
            watchers.remove(jobId);
            return Multi.createFrom()
                    .item(JobEvent.newBuilder().setResult(raced.get()).build());
        }
        var last = progress(jobId);
        Multi<JobEvent> live = processor;
        return last.map(p -> Multi.createBy()
                        .concatenating()
                        .streams(
                                Multi.createFrom()
                                        .item(JobEvent.newBuilder()
                                                .setProgress(p)
                                                .build()),
                                live))
                .orElse(live);
    }

    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > CAPACITY;
            }
        };
    }
}
