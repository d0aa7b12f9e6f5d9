package dev.hcxmesh.encoder.messaging;

import dev.hcxmesh.common.metrics.HopMetrics;
import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.encoder.config.EncoderConfig;
import dev.hcxmesh.encoder.stage.VisionStage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Batches tiles across requests into engine calls of at most {@code tile-budget} tiles. The queue is
 * bounded: when it is full, {@link #submit} blocks the Kafka consumer thread, so a slow encoder shows
 * up as consumer lag, not as memory growth.
 */
@ApplicationScoped
public class EncodeBatcher {
    private static final Logger LOG = Logger.getLogger(EncodeBatcher.class);

    @Inject
    VisionStage stage;

    @Inject
    EncoderConfig config;

    @Inject
    MeterRegistry registry;

    private final BlockingQueue<Job> queue = new java.util.concurrent.LinkedBlockingQueue<>();
    private final AtomicInteger queuedTiles = new AtomicInteger();
    private java.util.concurrent.Semaphore tilePermits; // queue-capacity tiles
    private int capacity;
    private Thread worker;
    private volatile boolean running;

    /**
     * Tiles of one request part and the future its outputs complete; {@code polledNanos} is when its
     * record left Kafka's poll (-1: not from Kafka), for the stage's queue timer.
     */
    record Job(List<byte[]> tiles, int[] queries, long polledNanos, CompletableFuture<float[]> result) {}

    void start(@Observes StartupEvent event) {
        capacity = Math.max(1, config.queueCapacity());
        tilePermits = new java.util.concurrent.Semaphore(capacity, true);
        registry.gauge("hcx_encoder_queue_tiles", queuedTiles);
        running = true;
        worker = Thread.ofPlatform().name("encode-batcher").daemon().start(this::loop);
        LOG.infof("vision engine: %s (tile budget %d)", stage.engineName(), config.tileBudget());
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (worker != null) {
            worker.interrupt();
        }
    }

    /**
     * Queues the tiles, blocking while {@code queue-capacity} tiles are already waiting, and returns
     * their future outputs.
     */
    public CompletableFuture<float[]> submit(List<byte[]> tiles, int[] queries) {
        return submit(tiles, queries, -1);
    }

    /**
     * As {@link #submit(List, int[])}, for tiles of a Kafka record polled at {@code polledNanos}: the
     * time until its batch starts is recorded as the encoder's queue time.
     */
    public CompletableFuture<float[]> submit(List<byte[]> tiles, int[] queries, long polledNanos) {
        var job = new Job(tiles, queries, polledNanos, new CompletableFuture<>());
        try {
            tilePermits.acquire(permits(job));
            queuedTiles.addAndGet(tiles.size());
            queue.put(job);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.result().completeExceptionally(e);
        }
        return job.result();
    }

    private void loop() {
        while (running) {
            List<Job> batch = new ArrayList<>();
            try {
                Job first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                int tiles = first.tiles().size();
                Job next;
                while (tiles < config.tileBudget()
                        && (next = queue.peek()) != null
                        && tiles + next.tiles().size() <= config.tileBudget()) {
                    batch.add(queue.poll());
                    tiles += next.tiles().size();
                }
                queuedTiles.addAndGet(-tiles);
                batch.forEach(j -> tilePermits.release(permits(j)));
                run(batch, tiles);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                batch.forEach(j -> j.result().completeExceptionally(e));
            }
        }
    }

    /** A part larger than the whole capacity still passes (alone). */
    private int permits(Job job) {
        return Math.min(capacity, job.tiles().size());
    }

    private void run(List<Job> batch, int tileCount) {
        List<byte[]> tiles = new ArrayList<>(tileCount);
        int[] queries = new int[tileCount];
        int t = 0;
        for (Job j : batch) {
            tiles.addAll(j.tiles());
            System.arraycopy(j.queries(), 0, queries, t, j.queries().length);
            t += j.queries().length;
        }
        for (Job j : batch) {
            HopMetrics.queued(registry, TileConsumer.STAGE, Topics.TILES.name(), j.polledNanos());
        }
        Timer.Sample sample = Timer.start(registry);
        float[] out = stage.encodeTiles(tiles, queries);
        sample.stop(registry.timer("hcx_encoder_batch_seconds", "engine", stage.engineName()));
        registry.counter("hcx_encoder_tiles_total", "engine", stage.engineName())
                .increment(tileCount);
        int d = stage.hidden();
        int offset = 0;
        for (Job j : batch) {
            int rows = 0;
            for (int q : j.queries()) {
                rows += q;
            }
            float[] part = new float[rows * d];
            System.arraycopy(out, offset, part, 0, part.length);
            offset += part.length;
            j.result().complete(part);
        }
    }
}
