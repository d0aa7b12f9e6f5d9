package dev.hcxmesh.common.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Arrays;

/**
 * Gives every mesh timer ({@code hcx_*}) the same fixed histogram buckets, so Prometheus computes
 * percentiles with {@code histogram_quantile} over {@code _bucket} series (dashboards no longer have
 * to use {@code _max} as the p99 bound). The bounds are dense around the 10 ms per-hop target and
 * reach 60 s for engine timers; 26 buckets per series.
 */
@Singleton
public class MeshMeterFilters {
    /** Bucket upper bounds (le), in milliseconds. */
    public static final double[] BUCKETS_MS = {
        0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 2000, 3000, 5000, 10000,
        20000, 30000, 60000
    };

    @Produces
    @Singleton
    public MeterFilter meshTimerHistograms() {
        double[] nanos = Arrays.stream(BUCKETS_MS)
                .map(ms -> Duration.ofNanos((long) (ms * 1e6)).toNanos())
                .toArray();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() == Meter.Type.TIMER && id.getName().startsWith("hcx_")) {
                    return DistributionStatisticConfig.builder()
                            .serviceLevelObjectives(nanos)
                            .build()
                            .merge(config);
                }
                return config;
            }
        };
    }
}
