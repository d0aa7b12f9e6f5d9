package dev.hcxmesh.ingest.video;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Live counters of one stream (written by its decode thread, read by metrics). */
public final class StreamCounters {
    final LongAdder framesDecoded = new LongAdder();
    final LongAdder framesSampled = new LongAdder();
    final LongAdder framesSkippedDuplicate = new LongAdder();
    final LongAdder sceneCuts = new LongAdder();
    final LongAdder chunksEmitted = new LongAdder();
    final LongAdder chunksEmpty = new LongAdder();
    final LongAdder chunksDropped = new LongAdder();
    final LongAdder fpsReductions = new LongAdder();
    final LongAdder fpsRestores = new LongAdder();
    private final AtomicInteger rateDivisor = new AtomicInteger(1);
    private final AtomicInteger queueDepth = new AtomicInteger();
    private final AtomicInteger queueHighWater = new AtomicInteger();

    /** Current sampling rate divisor (1 = configured rate). */
    public int rateDivisor() {
        return rateDivisor.get();
    }

    void rateDivisor(int d) {
        rateDivisor.set(d);
    }

    void queueDepth(int depth) {
        queueDepth.set(depth);
        queueHighWater.accumulateAndGet(depth, Math::max);
    }

    /** A consistent-enough snapshot for metrics. */
    public StreamStats snapshot() {
        return new StreamStats(
                framesDecoded.sum(),
                framesSampled.sum(),
                framesSkippedDuplicate.sum(),
                sceneCuts.sum(),
                chunksEmitted.sum(),
                chunksEmpty.sum(),
                chunksDropped.sum(),
                fpsReductions.sum(),
                fpsRestores.sum(),
                rateDivisor.get(),
                queueDepth.get(),
                queueHighWater.get());
    }
}
