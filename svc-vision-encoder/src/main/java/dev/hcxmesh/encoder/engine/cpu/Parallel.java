package dev.hcxmesh.encoder.engine.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** A fixed worker pool that splits index ranges into one contiguous chunk per thread. */
final class Parallel implements AutoCloseable {

    /** Body of a parallel loop over {@code [lo, hi)}. */
    @FunctionalInterface
    interface RangeBody {
        void run(int lo, int hi);
    }

    private final int threads;
    private final ExecutorService pool;

    Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1
                ? null
                : Executors.newFixedThreadPool(threads - 1, r -> {
                    Thread t = new Thread(r, "vision-cpu");
                    t.setDaemon(true);
                    return t;
                });
    }

    int threads() {
        return threads;
    }

    /** Runs {@code body} on up to {@link #threads()} disjoint chunks of {@code [0, n)}, the caller taking one. */
    void forRange(int n, RangeBody body) {
        int parts = Math.min(threads, n);
        if (parts <= 1) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        List<Future<?>> futures = new ArrayList<>(parts - 1);
        for (int p = 1; p < parts; p++) {
            int lo = (int) ((long) n * p / parts);
            int hi = (int) ((long) n * (p + 1) / parts);
            futures.add(pool.submit(() -> body.run(lo, hi)));
        }
        body.run(0, (int) ((long) n / parts));
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a worker", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
