package dev.hcxmesh.decoder.engine.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A small fork-join for the forward pass: {@link #run} hands task indices {@code [0, tasks)} to the
 * calling thread and {@code threads - 1} parked workers, and returns when all are done. Workers spin
 * briefly after each job before parking, so consecutive kernels in one step do not pay a wake-up
 * each; an idle pool parks without a timeout (a 1 ms timed park that spun again after each wake-up
 * kept an idle decoder with two threads at 65 ms CPU per second, {@code WorkerPoolIdleBench}).
 */
final class WorkerPool implements AutoCloseable {
    private static final long SPIN_NANOS = 50_000;

    private final Thread[] workers;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private volatile IntConsumer job;
    private volatile int tasks;
    private volatile long generation;
    private volatile boolean closed;
    private volatile Throwable failure;

    WorkerPool(int threads, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, found " + threads);
        }
        workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = Thread.ofPlatform()
                    .daemon()
                    .name(name + "-worker-" + (i + 1))
                    .start(this::workerLoop);
        }
    }

    int threads() {
        return workers.length + 1;
    }

    /** Runs {@code body.accept(i)} for every {@code i < tasks}; rethrows the first failure. */
    void run(int tasks, IntConsumer body) {
        if (tasks <= 0) {
            return;
        }
        if (workers.length == 0 || tasks == 1) {
            for (int i = 0; i < tasks; i++) {
                body.accept(i);
            }
            return;
        }
        failure = null;
        this.job = body;
        this.tasks = tasks;
        next.set(0);
        finished.set(0);
        generation++;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        drain(body, tasks);
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (finished.get() < workers.length) {
            if (System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
            } else {
                Thread.yield(); // a busy box: let a descheduled worker finish its share
            }
        }
        job = null;
        Throwable f = failure;
        if (f != null) {
            if (f instanceof RuntimeException re) {
                throw re;
            }
            if (f instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(f);
        }
    }

    private void drain(IntConsumer body, int n) {
        int i;
        while ((i = next.getAndIncrement()) < n) {
            try {
                body.accept(i);
            } catch (Throwable t) {
                failure = t;
            }
        }
    }

    private void workerLoop() {
        long seen = 0;
        while (!closed) {
            long spinUntil = System.nanoTime() + SPIN_NANOS; // once per job, not again while idle
            while (generation == seen && !closed && System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
            }
            while (generation == seen && !closed) {
                LockSupport.park(this); // run() and close() unpark after writing generation / closed
            }
            if (closed) {
                return;
            }
            seen = generation;
            IntConsumer body = job;
            if (body != null) {
                drain(body, tasks);
            }
            finished.incrementAndGet();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
    }
}
