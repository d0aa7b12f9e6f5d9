package dev.hcxmesh.decoder.engine.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Main-memory read bandwidth right now, for a benchmark to report next to its result: the host's
 * bandwidth moves by up to ±40 % from minute to minute (neighbours on the same host), so a roof taken
 * in another run says little. Each thread sums its own 256 MiB int array; all start together, and the
 * best aggregate of a few passes counts. The arrays live on the Java heap, in transparent huge pages,
 * like the model weights.
 *
 * <p>{@link #measure} runs the probe in a JVM of its own with vectors of at most 256 bits, for two
 * reasons. Its vector classes then stay out of the kernels' shared type profiles ({@code Simd}). And
 * on the 2-vCPU Zen 4 (AVX-512) this loop streams far less with 512-bit vectors than the hardware
 * gives: on 2026-12-07, 17-18 GB/s at one thread and 22-31 at two, against 29-31 and 42-58 with
 * 256-bit vectors and 29-31 and 56-62 for the shared {@code bandwidth.c} in the same minutes. The
 * kernels themselves are not slowed so: one thread of the BF16 kernel streamed 22-25 GB/s at 512 bits
 * ({@code KernelBench -Dbench.rows=32768}), and the full model's BF16 batch 1 read 40 GB/s while the
 * 512-bit probe reported 26-30, that is, 143 % of it.
 */
final class ReadProbe {
    /** The vector width of the probe's JVM (see the class comment). */
    private static final String VECTOR_WIDTH_FLAG = "-XX:MaxVectorSize=32";

    /** Set in the probe's own JVM, whose main then reads memory itself instead of starting another. */
    private static final String CHILD = "bench.probeChild";

    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final int INTS = 64 << 20; // 256 MiB per thread
    private static final int SLICE = 1 << 16; // ints per call
    private static volatile int sink;

    private final int[][] arrays; // [threads][INTS], allocated once so probing makes no garbage

    ReadProbe(int threads) {
        arrays = new int[threads][];
        for (int t = 0; t < threads; t++) {
            arrays[t] = new int[INTS];
            java.util.Arrays.fill(arrays[t], t + 1);
        }
    }

    /** Best aggregate GB/s of {@code passes} passes of {@code threads} threads, in a JVM of its own. */
    static double measure(int threads, int passes) throws IOException, InterruptedException {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(
                        javaBin,
                        "-Xmx" + (256 * threads + 256) + "m",
                        "-XX:+UseTransparentHugePages",
                        VECTOR_WIDTH_FLAG,
                        "-D" + CHILD + "=true",
                        "--add-modules",
                        "jdk.incubator.vector",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ReadProbe.class.getName(),
                        Integer.toString(threads),
                        Integer.toString(passes))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the read probe's JVM exited with " + p.exitValue() + ": " + out);
        }
        return Double.parseDouble(out.trim());
    }

    /**
     * Prints the best aggregate GB/s: {@code ReadProbe <threads> <passes>}, measured in a JVM of its
     * own as {@link #measure} does. With {@code -Dbench.probeChild=true} it reads in this JVM at this
     * JVM's vector width instead (how the 512-bit figures above were taken).
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        int threads = Integer.parseInt(args[0]), passes = Integer.parseInt(args[1]);
        System.out.println(
                Boolean.getBoolean(CHILD) ? new ReadProbe(threads).gbPerSecond(passes) : measure(threads, passes));
    }

    /** Best aggregate GB/s of {@code passes} passes, all threads reading at once. */
    double gbPerSecond(int passes) {
        int threads = arrays.length;
        double best = 0;
        for (int pass = 0; pass < passes + 2; pass++) { // passes 0 and 1 get sum compiled
            long[] start = new long[1];
            CyclicBarrier go = new CyclicBarrier(threads, () -> start[0] = System.nanoTime());
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int[] a = arrays[t];
                ts[t] = Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException | BrokenBarrierException e) {
                        throw new IllegalStateException(e);
                    }
                    int acc = 0;
                    for (int off = 0; off < a.length; off += SLICE) {
                        acc += sum(a, off);
                    }
                    sink += acc;
                });
            }
            for (Thread t : ts) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            double gbs = 4.0 * INTS * threads / (System.nanoTime() - start[0]);
            if (pass > 1) {
                best = Math.max(best, gbs);
            }
        }
        return best;
    }

    /** Sums {@code a[off .. off+SLICE)}: short calls, so C2 compiles the method itself, not just a loop. */
    private static int sum(int[] a, int off) {
        int n = I.length();
        IntVector s0 = IntVector.zero(I), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        for (int i = off; i < off + SLICE; i += 8 * n) {
            s0 = s0.add(IntVector.fromArray(I, a, i));
            s1 = s1.add(IntVector.fromArray(I, a, i + n));
            s2 = s2.add(IntVector.fromArray(I, a, i + 2 * n));
            s3 = s3.add(IntVector.fromArray(I, a, i + 3 * n));
            s4 = s4.add(IntVector.fromArray(I, a, i + 4 * n));
            s5 = s5.add(IntVector.fromArray(I, a, i + 5 * n));
            s6 = s6.add(IntVector.fromArray(I, a, i + 6 * n));
            s7 = s7.add(IntVector.fromArray(I, a, i + 7 * n));
        }
        return s0.add(s1).add(s2).add(s3).add(s4).add(s5).add(s6).add(s7).reduceLanes(VectorOperators.ADD);
    }
}
