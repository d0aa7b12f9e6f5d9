package dev.hcxmesh.decoder.engine.bench;

import dev.hcxmesh.decoder.engine.cpu.Matrix;
import dev.hcxmesh.decoder.engine.cpu.WeightFormat;
import java.util.Locale;

/**
 * Single-thread matmul kernel speed per format on an [8192, 3072] matrix, n = 1 and n = 8, after
 * {@code bench.warmup} (default 20) untimed calls. A figure moves from JVM to JVM with what C2
 * compiled: on a Xeon with AVX-512, Q4_0 at n = 8 gave 56-71 GFLOP/s in some JVMs and 103-106 in
 * others, alone or after Q8_0, with 20 or 300 warm-up calls alike; take the best of several runs.
 */
public final class KernelBench {
    public static void main(String[] args) {
        int rows = Integer.getInteger("bench.rows", 8192), cols = 3072; // 8192 rows fit in L3 for Q4_0/Q8_0
        for (String fs :
                System.getProperty("bench.formats", "F32,BF16,Q8_0,Q4_0").split(",")) {
            WeightFormat f = WeightFormat.valueOf(fs);
            Matrix m = f == WeightFormat.F32
                    ? new dev.hcxmesh.decoder.engine.cpu.F32Matrix(rows, cols, new float[rows * cols])
                    : DecoderBench.random(f, rows, cols, 1);
            for (int n : new int[] {1, 8}) {
                float[] x = new float[n * cols];
                java.util.Arrays.fill(x, 0.01f);
                float[] out = new float[n * rows];
                for (int w = 0; w < Integer.getInteger("bench.warmup", 20); w++) {
                    m.matmul(x, n, out, rows, 0, rows);
                }
                int reps = 30;
                var mx = java.lang.management.ManagementFactory.getThreadMXBean();
                long c0 = mx.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                for (int w = 0; w < reps; w++) {
                    m.matmul(x, n, out, rows, 0, rows);
                }
                double s = (System.nanoTime() - t0) / 1e9 / reps;
                double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9 / reps;
                System.out.printf(
                        Locale.ROOT,
                        "%s n=%d: wall %.2f ms (%.1f GB/s), on-CPU %.2f ms (%.1f GB/s, %.1f GFLOP/s)%n",
                        f,
                        n,
                        s * 1e3,
                        m.bytes() / s / 1e9,
                        cpu * 1e3,
                        m.bytes() / cpu / 1e9,
                        2.0 * rows * cols * n / cpu / 1e9);
            }
        }
    }
}
