package dev.hcxmesh.decoder.engine.cpu;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * What an idle {@link WorkerPool} costs: after one job, the process CPU time over 10 s with nothing
 * to do, for each pool size given ({@code scripts/bench.sh svc-decoder
 * dev.hcxmesh.decoder.engine.cpu.WorkerPoolIdleBench 1 2}).
 */
public final class WorkerPoolIdleBench {
    public static void main(String[] args) throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (String a : args.length == 0 ? new String[] {"2"} : args) {
            int threads = Integer.parseInt(a);
            try (var pool = new WorkerPool(threads, "idle-bench")) {
                pool.run(4, i -> {});
                Thread.sleep(1000);
                long c0 = os.getProcessCpuTime();
                Thread.sleep(10_000);
                double ms = (os.getProcessCpuTime() - c0) / 1e6 / 10;
                System.out.printf(Locale.ROOT, "idle pool of %d threads: %.1f ms CPU per second%n", threads, ms);
            }
        }
    }
}
