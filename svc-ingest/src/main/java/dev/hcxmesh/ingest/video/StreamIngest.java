package dev.hcxmesh.ingest.video;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.ingest.IngestException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One ingesting stream: a decode thread (source → {@link ChunkAssembler}) feeding a bounded hand-off
 * queue that the consumer drains with {@link #take()} / {@link #poll(Duration)}. When the queue is
 * full the configured {@link BackPressure} applies, so memory stays bounded by
 * {@code queueCapacity} chunks however slow the consumer is. Non-live sources can be paced as live
 * ({@link ChunkingConfig#playbackSpeed()}).
 */
public final class StreamIngest implements AutoCloseable {
    private final String streamId;
    private final ChunkingConfig config;
    private final StreamStats.Listener listener;
    private final StreamCounters counters = new StreamCounters();
    private final ArrayDeque<VideoChunk> queue;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final Thread worker;
    private volatile boolean stopped;
    private boolean done;
    private IngestException failure;

    private StreamIngest(
            String streamId, ChunkingConfig config, StreamStats.Listener listener, Callable<VideoSource> opener) {
        this.streamId = Objects.requireNonNull(streamId, "streamId");
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.queue = new ArrayDeque<>(config.queueCapacity());
        this.worker = Thread.ofPlatform().name("ingest-" + streamId).daemon().unstarted(() -> run(opener));
    }

    /**
     * Starts ingesting. {@code opener} runs on the stream's thread, so a slow open never blocks the
     * caller; an open failure surfaces from {@link #take()}.
     */
    public static StreamIngest start(
            String streamId, Callable<VideoSource> opener, ChunkingConfig config, StreamStats.Listener listener) {
        StreamIngest ingest = new StreamIngest(streamId, config, listener, opener);
        ingest.worker.start();
        return ingest;
    }

    public String streamId() {
        return streamId;
    }

    /** Live counters (for metrics). */
    public StreamCounters counters() {
        return counters;
    }

    /** The next chunk in order, waiting as needed; null at the end of the stream. */
    public VideoChunk take() throws InterruptedException {
        return poll(null);
    }

    /**
     * The next chunk, waiting at most {@code timeout} (null = forever); null on timeout or at the
     * end of the stream (tell them apart with {@link #isFinished()}).
     *
     * @throws IngestException the stream's failure, once its queued chunks are drained
     */
    public VideoChunk poll(Duration timeout) throws InterruptedException {
        long nanos = timeout == null ? Long.MAX_VALUE : timeout.toNanos();
        lock.lock();
        try {
            while (queue.isEmpty() && !done) {
                if (timeout == null) {
                    notEmpty.await();
                } else {
                    if (nanos <= 0) {
                        return null;
                    }
                    nanos = notEmpty.awaitNanos(nanos);
                }
            }
            VideoChunk chunk = queue.pollFirst();
            if (chunk == null) {
                if (failure != null) {
                    throw new IngestException(failure.code(), failure.getMessage(), failure.facts(), failure);
                }
                return null;
            }
            counters.queueDepth(queue.size());
            notFull.signalAll();
            return chunk;
        } finally {
            lock.unlock();
        }
    }

    /** True when the stream ended (or failed) and every chunk was taken. */
    public boolean isFinished() {
        lock.lock();
        try {
            return done && queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the decode thread to end. */
    public boolean awaitDone(Duration timeout) throws InterruptedException {
        return worker.join(timeout);
    }

    /** Stops the stream; the decode thread closes its source and exits. */
    @Override
    public void close() {
        stopped = true;
        worker.interrupt();
        try {
            worker.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(Callable<VideoSource> opener) {
        IngestException error = null;
        try (VideoSource source = opener.call()) {
            long duration = source.live() ? -1 : source.durationMs();
            ChunkAssembler assembler = new ChunkAssembler(streamId, config, duration, counters);
            boolean paced = !source.live() && config.playbackSpeed() > 0;
            long startNanos = System.nanoTime();
            DecodedFrame frame;
            while (!stopped && (frame = source.next()) != null) {
                if (paced) {
                    long due = startNanos + (long) (frame.ptsMs() * 1_000_000L / config.playbackSpeed());
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                var closed = assembler.accept(frame);
                if (closed.isPresent()) {
                    offer(closed.get());
                }
            }
            if (!stopped) {
                var last = assembler.finish();
                if (last.isPresent()) {
                    offer(last.get());
                }
            }
        } catch (IngestException e) {
            error = e;
        } catch (InterruptedException e) {
            // stopped by close()
        } catch (Exception | LinkageError e) {
            error = new IngestException(ErrorCode.INTERNAL, "stream " + streamId + " failed: " + e, Map.of(), e);
        } finally {
            lock.lock();
            try {
                done = true;
                failure = error;
                notEmpty.signalAll();
            } finally {
                lock.unlock();
            }
            listener.onStats(streamId, counters.snapshot());
        }
    }

    /** Hands a chunk to the queue, applying back-pressure when it is full. */
    private void offer(VideoChunk chunk) throws InterruptedException {
        lock.lock();
        try {
            int cap = config.queueCapacity();
            if (config.backPressure() == BackPressure.LOWER_FPS && queue.isEmpty() && counters.rateDivisor() > 1) {
                counters.rateDivisor(counters.rateDivisor() / 2); // consumer caught up: restore
                counters.fpsRestores.increment();
            }
            if (queue.size() >= cap) {
                switch (config.backPressure()) {
                    case DROP_NEWEST -> {
                        counters.chunksDropped.increment();
                        return;
                    }
                    case DROP_OLDEST -> {
                        queue.pollFirst();
                        counters.chunksDropped.increment();
                    }
                    case LOWER_FPS -> {
                        if (counters.rateDivisor() < config.maxRateDivisor()) {
                            counters.rateDivisor(counters.rateDivisor() * 2);
                            counters.fpsReductions.increment();
                        }
                        long nanos = config.offerWait().toNanos();
                        while (queue.size() >= cap && nanos > 0 && !stopped) {
                            nanos = notFull.awaitNanos(nanos);
                        }
                        if (queue.size() >= cap) {
                            queue.pollFirst();
                            counters.chunksDropped.increment();
                        }
                    }
                }
            }
            queue.addLast(chunk);
            counters.chunksEmitted.increment();
            counters.queueDepth(queue.size());
            notEmpty.signalAll();
        } finally {
            lock.unlock();
            listener.onStats(streamId, counters.snapshot());
        }
    }
}
