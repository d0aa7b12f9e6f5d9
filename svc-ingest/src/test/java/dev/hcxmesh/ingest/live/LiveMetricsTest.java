package dev.hcxmesh.ingest.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.ingest.video.StreamStats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class LiveMetricsTest {

    @Test
    void metersFollowTheLatestSnapshotAndAreRemovedWithTheStream() {
        var registry = new SimpleMeterRegistry();
        var metrics = new LiveMetrics(registry, "cam-1");
        metrics.onStats("cam-1", new StreamStats(120, 40, 7, 2, 9, 1, 3, 2, 1, 2, 4, 4));

        assertThat(count(registry, "hcx_ingest_live_frames_decoded_total")).isEqualTo(120);
        assertThat(count(registry, "hcx_ingest_live_frames_skipped_duplicate_total"))
                .isEqualTo(7);
        assertThat(count(registry, "hcx_ingest_live_chunks_emitted_total")).isEqualTo(9);
        assertThat(count(registry, "hcx_ingest_live_chunks_dropped_total")).isEqualTo(3);
        assertThat(count(registry, "hcx_ingest_live_fps_reductions_total")).isEqualTo(2);
        assertThat(registry.get("hcx_ingest_live_queue_depth")
                        .tag("stream", "cam-1")
                        .gauge()
                        .value())
                .isEqualTo(4);

        metrics.remove();
        assertThat(registry.find("hcx_ingest_live_frames_decoded_total").meters())
                .isEmpty();
        assertThat(registry.find("hcx_ingest_live_queue_depth").meters()).isEmpty();
    }

    private static double count(SimpleMeterRegistry registry, String name) {
        return registry.get(name).tag("stream", "cam-1").functionCounter().count();
    }
}
