package dev.hcxmesh.ingest.live;

import dev.hcxmesh.ingest.video.StreamStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters of one stream (tag {@code stream}), read from the latest {@link StreamStats}
 * snapshot its ingest reported. Removed when the stream ends, so stream ids do not accumulate.
 */
final class LiveMetrics implements StreamStats.Listener {
    private final MeterRegistry registry;
    private final AtomicReference<StreamStats> latest =
            new AtomicReference<>(new StreamStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0));
    private final List<Meter> meters;

    LiveMetrics(MeterRegistry registry, String streamId) {
        this.registry = registry;
        this.meters = List.of(
                counter("hcx_ingest_live_frames_decoded_total", streamId, StreamStats::framesDecoded),
                counter(
                        "hcx_ingest_live_frames_skipped_duplicate_total",
                        streamId,
                        StreamStats::framesSkippedDuplicate),
                counter("hcx_ingest_live_chunks_emitted_total", streamId, StreamStats::chunksEmitted),
                counter("hcx_ingest_live_chunks_dropped_total", streamId, StreamStats::chunksDropped),
                counter("hcx_ingest_live_fps_reductions_total", streamId, StreamStats::fpsReductions),
                Gauge.builder("hcx_ingest_live_queue_depth", latest, r -> r.get()
                                .queueDepth())
                        .tag("stream", streamId)
                        .description("chunks waiting for publication")
                        .register(registry));
    }

    @Override
    public void onStats(String streamId, StreamStats stats) {
        latest.set(stats);
    }

    StreamStats latest() {
        return latest.get();
    }

    /** Unregisters this stream's meters. */
    void remove() {
        meters.forEach(registry::remove);
    }

    private Meter counter(String name, String streamId, ToDoubleFunction<StreamStats> value) {
        return FunctionCounter.builder(name, latest, r -> value.applyAsDouble(r.get()))
                .tag("stream", streamId)
                .register(registry);
    }
}
