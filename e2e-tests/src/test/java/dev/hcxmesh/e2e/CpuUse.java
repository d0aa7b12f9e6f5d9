package dev.hcxmesh.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the CPU went during a load phase: the whole machine's busy time ({@code /proc/stat}, every
 * process, other work on the box included), each service's own ({@code process_cpu_time} from its
 * {@code /q/metrics}) and this JVM's (the in-process Kafka broker and the load client). A hop that
 * waits on a saturated machine shows here as busy cores close to the core count.
 */
record CpuUse(long wallNanos, long boxBusyTicks, long boxTicks, long selfNanos) {
    private static final double TICKS_PER_SECOND = 100; // USER_HZ

    static CpuUse now() {
        long busy = -1;
        long total = -1;
        try {
            String[] f =
                    Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            busy = total - Long.parseLong(f[4]) - Long.parseLong(f[5]); // minus idle, iowait
        } catch (IOException | RuntimeException e) {
            // not Linux: the machine line is left out
        }
        long self = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : -1;
        return new CpuUse(System.nanoTime(), busy, total, self);
    }

    /** One report line for the interval from {@code before} to this sample. */
    String since(CpuUse before, PromSnapshot metricsBefore, PromSnapshot metricsAfter) {
        double wall = (wallNanos - before.wallNanos) / 1e9;
        List<String> parts = new ArrayList<>();
        if (boxBusyTicks >= 0 && before.boxBusyTicks >= 0) {
            double busy = (boxBusyTicks - before.boxBusyTicks) / TICKS_PER_SECOND;
            double all = (boxTicks - before.boxTicks) / TICKS_PER_SECOND;
            parts.add(String.format(
                    Locale.ROOT,
                    "machine busy %.2f of %d cores (%.0f%%, every process on the box)",
                    busy / wall,
                    Runtime.getRuntime().availableProcessors(),
                    all > 0 ? 100 * busy / all : Double.NaN));
        }
        for (String name : metricsAfter.names("process_cpu_time")) {
            double unit = name.contains("_ns") ? 1e9 : name.contains("_ms") ? 1e3 : 1;
            for (String s : metricsAfter.labelValues(name, "service")) {
                double t = metricsAfter.deltaValue(
                        metricsBefore, name, x -> x.label("service").equals(s));
                parts.add(String.format(Locale.ROOT, "%s %.2f cores", s, t / unit / wall));
            }
        }
        if (selfNanos >= 0 && before.selfNanos >= 0) {
            parts.add(String.format(
                    Locale.ROOT, "test JVM (broker + client) %.2f cores", (selfNanos - before.selfNanos) / 1e9 / wall));
        }
        return String.format(Locale.ROOT, "CPU over the phase (%.1f s): ", wall) + String.join(", ", parts);
    }
}
