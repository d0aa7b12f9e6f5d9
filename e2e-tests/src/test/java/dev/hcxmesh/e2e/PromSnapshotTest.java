package dev.hcxmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PromSnapshotTest {
    static final String BEFORE =
            """
            # TYPE hcx_kafka_transport_seconds histogram
            hcx_kafka_transport_seconds_bucket{group="g",topic="t",le="0.001"} 1
            hcx_kafka_transport_seconds_bucket{group="g",topic="t",le="0.01"} 1
            hcx_kafka_transport_seconds_bucket{group="g",topic="t",le="0.1"} 1
            hcx_kafka_transport_seconds_bucket{group="g",topic="t",le="+Inf"} 1
            hcx_kafka_transport_seconds_count{group="g",topic="t"} 1
            hcx_kafka_transport_seconds_sum{group="g",topic="t"} 0.0005
            process_cpu_time_ns_total 1.0E9
            """;
    // exemplars after "#" carry their own braces; values may be followed by a timestamp
    static final String AFTER =
            """
            hcx_kafka_transport_seconds_bucket{group="g",topic="t",le="0.001"} 51 # {span_id="a",trace_id="b"} 4.0E-4 1700000000.000
            hcx_kafka_transport_seconds_bucket{group="g",topic="t",le="0.01"} 100
            hcx_kafka_transport_seconds_bucket{group="g",topic="t",le="0.1"} 101 1700000000000
            hcx_kafka_transport_seconds_bucket{group="g",topic="t",le="+Inf"} 101
            hcx_kafka_transport_seconds_count{group="g",topic="t"} 101
            hcx_kafka_transport_seconds_sum{group="g",topic="t"} 0.3005
            hcx_kafka_transport_seconds_count{group="other",topic="t"} 7
            process_cpu_time_ns_total 3.5E9
            """;

    @Test
    void deltaQuantilesLikeHistogramQuantile() {
        var before = PromSnapshot.parse(BEFORE, "svc");
        var after = PromSnapshot.parse(AFTER, "svc");
        var h = after.delta(
                before, "hcx_kafka_transport_seconds", s -> s.label("group").equals("g"));
        assertThat(h.count()).isEqualTo(100);
        assertThat(h.sum()).isCloseTo(0.3, within(1e-9));
        // 50 at ≤1 ms, 49 in (1, 10] ms, 1 in (10, 100] ms
        assertThat(h.quantile(0.5)).isCloseTo(0.001, within(1e-9));
        assertThat(h.quantile(0.99)).isCloseTo(0.01, within(1e-9));
        assertThat(h.quantile(0.995)).isCloseTo(0.01 + 0.09 * 0.5, within(1e-9));
        assertThat(h.shareAtMost(0.01)).isEqualTo(0.99);
        assertThat(after.deltaValue(before, "process_cpu_time_ns_total", s -> true))
                .isEqualTo(2.5e9);
        assertThat(after.labelValues("hcx_kafka_transport_seconds_count", "group"))
                .containsExactly("g", "other");
    }
}
