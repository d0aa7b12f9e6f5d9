package dev.hcxmesh.decoder.engine.bench;

import dev.hcxmesh.decoder.engine.CollectingSink;
import dev.hcxmesh.decoder.engine.GreedySelector;
import dev.hcxmesh.decoder.engine.SequenceRequest;
import dev.hcxmesh.decoder.engine.cpu.Bf16Matrix;
import dev.hcxmesh.decoder.engine.cpu.CpuEngineOptions;
import dev.hcxmesh.decoder.engine.cpu.CpuLanguageEngine;
import dev.hcxmesh.decoder.engine.cpu.CpuModel;
import dev.hcxmesh.decoder.engine.cpu.Matrix;
import dev.hcxmesh.decoder.engine.cpu.Q4Matrix;
import dev.hcxmesh.decoder.engine.cpu.Q8Matrix;
import dev.hcxmesh.decoder.engine.cpu.WeightFormat;
import dev.hcxmesh.decoder.engine.llama.LlamaShape;
import dev.hcxmesh.decoder.engine.llama.Rope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Decode throughput of the CPU engine on a full-size random Llama of the PERF-LIMITS shape (hidden
 * 3072, 28 layers, 24/8 heads, FFN 8192, vocab 110592, untied head), weights generated directly in
 * BF16 / Q8_0 / Q4_0. Writes {@code target/bench/decoder.md}.
 *
 * <p>Run: {@code java -Xmx10g --add-modules jdk.incubator.vector -cp <test+main classpath>
 * dev.hcxmesh.decoder.engine.bench.DecoderBench [-Dbench.layers=28] [-Dbench.threads=2]
 * [-Dbench.formats=BF16,Q8_0,Q4_0] [-Dbench.fork=true] [-Dbench.peer=BF16=6.45,Q8_0=8.8,Q4_0=16.8
 * -Dbench.peerSource="..."]}. Each format runs in a JVM of its own unless {@code -Dbench.fork=false}
 * (see {@link #forked}). The peer figures are llama.cpp's tg128 at 2 threads; the default is
 * PERF-LIMITS' Zen 4 (AVX-512) run, so on another CPU pass the figures of a llama.cpp run on it.
 */
public final class DecoderBench {
    static final int HIDDEN = 3072, HEADS = 24, KV = 8, HD = 128, FFN = 8192, VOCAB = 110592;
    static final int PROMPT = Integer.getInteger("bench.prompt", 4);
    static final int PROBE_PASSES = 3;
    static final String PEER = System.getProperty("bench.peer", "BF16=6.45,Q8_0=8.8,Q4_0=16.8,F32=2.97");
    static final String PEER_SOURCE = System.getProperty(
            "bench.peerSource", "PERF-LIMITS.md, llama.cpp 34af94c on a Zen 4 with AVX-512 (VNNI, BF16)");

    record Result(
            WeightFormat f,
            double gbPerToken,
            double b1,
            double roofBefore,
            double roofAfter,
            double b8,
            double ttftMs,
            double cpuPerToken1,
            double cpuPerStep8,
            double others1,
            double others8) {}

    /** Gets the format's kernels C2-compiled before timing (compiler threads starve on a busy box). */
    static void warmKernels(WeightFormat f) {
        Matrix m = random(f, 256, HIDDEN, 3);
        float[] x = new float[8 * HIDDEN];
        java.util.Arrays.fill(x, 0.01f);
        float[] out = new float[8 * 256];
        for (int i = 0; i < 3000; i++) {
            m.matmul(x, 1 + (i & 1) * 7, out, 256, 0, 256);
        }
    }

    public static void main(String[] args) throws Exception {
        int layers = Integer.getInteger("bench.layers", 28);
        int threads = Integer.getInteger("bench.threads", 2);
        int n1 = Integer.getInteger("bench.tokens1", 32);
        int n8 = Integer.getInteger("bench.tokens8", 16);
        String[] formats = System.getProperty("bench.formats", "BF16,Q8_0,Q4_0").split(",");
        if (formats.length > 1 && Boolean.parseBoolean(System.getProperty("bench.fork", "true"))) {
            write(forked(formats), layers, threads, n1, n8);
            return;
        }
        List<Result> results = new ArrayList<>();
        for (String fs : formats) {
            WeightFormat f = WeightFormat.valueOf(fs.trim());
            long t0 = System.nanoTime();
            CpuModel model = randomModel(layers, f);
            double genS = (System.nanoTime() - t0) / 1e9;
            double gb = model.bytesPerToken() / 1e9;
            System.out.printf(Locale.ROOT, "%s: generated %.2f GB/token of weights in %.1f s%n", f, gb, genS);
            var opts = CpuEngineOptions.defaults()
                    .withFormat(f)
                    .withThreads(threads)
                    .withKv(512L << 20, 16)
                    .withBatching(64, 8, 16)
                    .withMaxContext(4096);
            warmKernels(f);
            try (var engine = new CpuLanguageEngine(model, opts)) {
                run(engine, 1, 6); // warm-up of the whole step (dot4 paths were warmed by warmKernels)
                double roofBefore = ReadProbe.measure(threads, PROBE_PASSES);
                double[] b1 = run(engine, 1, n1);
                double roofAfter = ReadProbe.measure(threads, PROBE_PASSES);
                double[] b8 = run(engine, 8, n8);
                results.add(new Result(f, gb, b1[0], roofBefore, roofAfter, b8[0], b1[1], b1[2], b8[2], b1[3], b8[3]));
                System.out.printf(
                        Locale.ROOT,
                        "%s: batch1 %.2f tok/s (%.3f CPU-s/token; read probe %.1f / %.1f GB/s before / after),"
                                + " batch8 %.2f tok/s aggregate (%.3f CPU-s/step), ttft %.0f ms%n",
                        f,
                        b1[0],
                        b1[2],
                        roofBefore,
                        roofAfter,
                        b8[0],
                        b8[2],
                        b1[1]);
                System.out.println(RESULT + serialise(results.getLast()));
            }
            model = null;
            System.gc();
        }
        if (!Boolean.getBoolean("bench.child")) {
            write(results, layers, threads, n1, n8);
        }
    }

    private static final String RESULT = "RESULT ";

    /**
     * Runs each format in a JVM of its own, as a service runs one model: in one JVM, a format measured
     * after others runs on code C2 compiled under the profiles and with the garbage they left. On a
     * Xeon with AVX-512, Q4_0 after BF16 and Q8_0 decoded at 1.4, 4.7 and 10.1 tok/s in three runs
     * (the Vector API profile sharing that {@code Simd} describes, made rare since by Q4Matrix), and at
     * 8.9-11.0 in its own JVM. Each child prints its figures on a {@value #RESULT} line.
     */
    static List<Result> forked(String[] formats) throws IOException, InterruptedException {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<Result> results = new ArrayList<>();
        for (String fs : formats) {
            List<String> cmd = new ArrayList<>(List.of(javaBin));
            cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> !a.startsWith("-Dbench.formats=") && !a.startsWith("-Dbench.child="))
                    .toList());
            cmd.addAll(List.of(
                    "-Dbench.formats=" + fs.trim(),
                    "-Dbench.child=true",
                    "-cp",
                    System.getProperty("java.class.path"),
                    DecoderBench.class.getName()));
            Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (var lines = child.inputReader().lines()) {
                lines.forEach(l -> {
                    if (l.startsWith(RESULT)) {
                        results.add(deserialise(l.substring(RESULT.length())));
                    } else {
                        System.out.println(l);
                    }
                });
            }
            if (child.waitFor() != 0) {
                throw new IllegalStateException(fs + ": the benchmark JVM exited with " + child.exitValue());
            }
        }
        return results;
    }

    static String serialise(Result r) {
        return r.f() + " " + r.gbPerToken() + " " + r.b1() + " " + r.roofBefore() + " " + r.roofAfter() + " "
                + r.b8() + " " + r.ttftMs() + " " + r.cpuPerToken1() + " " + r.cpuPerStep8() + " " + r.others1()
                + " " + r.others8();
    }

    static Result deserialise(String line) {
        String[] p = line.trim().split(" ");
        double[] d = new double[p.length - 1];
        for (int i = 1; i < p.length; i++) {
            d[i - 1] = Double.parseDouble(p[i]);
        }
        return new Result(WeightFormat.valueOf(p[0]), d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9]);
    }

    /**
     * {tok/s during decode (aggregate), time to first token in ms, process CPU-s per decode step,
     * cores other processes kept busy during the decode (0 on a quiet box; NaN off Linux)}.
     */
    static double[] run(CpuLanguageEngine engine, int batch, int tokens) {
        var os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        List<CollectingSink> sinks = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < batch; i++) {
            int[] prompt = new int[PROMPT];
            for (int j = 0; j < prompt.length; j++) {
                prompt[j] = 1000 + 31 * i + 7 * j;
            }
            CollectingSink s = new CollectingSink();
            engine.start(
                    new SequenceRequest("b" + i, prompt, List.of(), new GreedySelector(), tokens, 0, "t", null), s);
            sinks.add(s);
        }
        while (sinks.stream().anyMatch(s -> s.tokens.isEmpty() && !s.done.isDone())) {
            try {
                Thread.sleep(0, 200_000); // not a spin: the engine's two threads need both cores
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        long firstAll = System.nanoTime();
        long cpu0 = os.getProcessCpuTime();
        double busy0 = machineBusySeconds();
        sinks.forEach(CollectingSink::await);
        long end = System.nanoTime();
        long cpu1 = os.getProcessCpuTime();
        double others = (machineBusySeconds() - busy0 - (cpu1 - cpu0) / 1e9) / ((end - firstAll) / 1e9);
        double decodeTokens = (double) batch * (tokens - 1);
        return new double[] {
            decodeTokens / ((end - firstAll) / 1e9),
            (firstAll - start) / 1e6,
            (cpu1 - cpu0) / 1e9 / (tokens - 1),
            Math.max(0, others)
        };
    }

    /** llama.cpp's tg128 tok/s for {@code f} from {@link #PEER}, NaN if it has none. */
    static double peer(WeightFormat f) {
        for (String kv : PEER.split(",")) {
            String[] p = kv.trim().split("=");
            if (p.length == 2 && p[0].equals(f.name())) {
                return Double.parseDouble(p[1]);
            }
        }
        return Double.NaN;
    }

    /** The CPU's model name and whether it has AVX-512, from /proc/cpuinfo. */
    static String cpu() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            String model = lines.stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("?");
            String family = lines.stream()
                    .filter(l -> l.startsWith("cpu family") || l.startsWith("model\t"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .limit(2)
                    .reduce((a, b) -> a + "/" + b)
                    .orElse("?");
            boolean avx512 = lines.stream().anyMatch(l -> l.startsWith("flags") && l.contains(" avx512f"));
            return model + " (family/model " + family + ", " + (avx512 ? "AVX-512" : "no AVX-512") + ")";
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
    }

    /** CPU seconds all processes have used since boot, from /proc/stat (USER_HZ = 100). */
    static double machineBusySeconds() {
        try {
            String[] f =
                    Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) { // user nice system irq softirq steal
                busy += Long.parseLong(f[i]);
            }
            return busy / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    static CpuModel randomModel(int layers, WeightFormat f) {
        LlamaShape s = new LlamaShape(HIDDEN, layers, HEADS, KV, HD, FFN, VOCAB, 1e-5f, false, 4096);
        Rope rope = new Rope(HD, 500000.0, null);
        CpuModel.Layer[] ls = new CpuModel.Layer[layers];
        float[] ones = new float[HIDDEN];
        java.util.Arrays.fill(ones, 1f);
        IntStream.range(0, layers).parallel().forEach(i -> {
            long seed = 1000L * i;
            ls[i] = new CpuModel.Layer(
                    random(f, HEADS * HD, HIDDEN, seed + 1),
                    random(f, KV * HD, HIDDEN, seed + 2),
                    random(f, KV * HD, HIDDEN, seed + 3),
                    random(f, HIDDEN, HEADS * HD, seed + 4),
                    random(f, FFN, HIDDEN, seed + 5),
                    random(f, FFN, HIDDEN, seed + 6),
                    random(f, HIDDEN, FFN, seed + 7),
                    ones,
                    ones);
        });
        Matrix embed = random(f, VOCAB, HIDDEN, 7);
        Matrix head = random(f, VOCAB, HIDDEN, 8);
        return new CpuModel(s, rope, embed, head, ones, ls);
    }

    /** Random weights of magnitude ~2^-9..2^-5 (no denormals, no NaN), built directly in the format. */
    static Matrix random(WeightFormat f, int rows, int cols, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = rows * cols;
        return switch (f) {
            case BF16 -> {
                short[] d = new short[n];
                for (int i = 0; i < n; i += 4) {
                    long r = rnd.nextLong();
                    for (int j = 0; j < 4 && i + j < n; j++) {
                        int bits = (int) (r >>> (16 * j)) & 0xffff;
                        int sign = bits & 0x8000, exp = 118 + ((bits >>> 7) & 3), mant = bits & 0x7f;
                        d[i + j] = (short) (sign | (exp << 7) | mant);
                    }
                }
                yield new Bf16Matrix(rows, cols, d);
            }
            case Q8_0 -> {
                byte[] q = new byte[n];
                fill(rnd, q);
                yield new Q8Matrix(rows, cols, q, scales(rnd, n / Matrix.BLOCK, 1e-4f));
            }
            case Q4_0 -> {
                byte[] q = new byte[n / 2];
                fill(rnd, q);
                yield new Q4Matrix(rows, cols, q, scales(rnd, n / Matrix.BLOCK, 2e-3f));
            }
            case F32 -> throw new IllegalArgumentException("F32 is not benchmarked here (12.7 GB)");
        };
    }

    static void fill(SplittableRandom rnd, byte[] q) {
        for (int i = 0; i < q.length; i += 8) {
            long r = rnd.nextLong();
            for (int j = 0; j < 8 && i + j < q.length; j++) {
                q[i + j] = (byte) (r >>> (8 * j));
            }
        }
    }

    static short[] scales(SplittableRandom rnd, int n, float base) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = Float.floatToFloat16(base * (0.5f + rnd.nextFloat()));
        }
        return s;
    }

    static void write(List<Result> rs, int layers, int threads, int n1, int n8) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# Decoder CPU engine benchmark\n\n");
        sb.append(String.format(
                Locale.ROOT,
                "Random Llama: hidden %d, %d layers, %d/%d heads (hd %d), FFN %d, vocab %d,"
                        + " untied head. %d threads. Batch 1: %d tokens after a %d-token prompt; batch 8: 8 x %d tokens."
                        + " \"Others\" is the cores other processes kept busy meanwhile: a clean run has ~0."
                        + " \"Read probe\" is the memory read bandwidth a separate JVM measured just before and just after"
                        + " the batch-1 run (all threads summing their own 256 MiB array): the host's bandwidth moves"
                        + " by up to ±40 %% between runs, so the share of it is the figure to compare across runs."
                        + " CPU: %s; kernels on %d-bit vectors. llama.cpp tg128 at 2 threads from %s.%n%n",
                HIDDEN,
                layers,
                HEADS,
                KV,
                HD,
                FFN,
                VOCAB,
                threads,
                n1,
                PROMPT,
                n8,
                cpu(),
                jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize(),
                PEER_SOURCE));
        sb.append(
                "| format | weights GB/token | batch 1 tok/s | effective GB/s | read probe GB/s (before / after)"
                        + " | share of probe | batch 8 aggregate tok/s | TTFT ms (b1)"
                        + " | process CPU-s per token (b1) / per step (b8) | others (b1 / b8)"
                        + " | llama.cpp tg128 | batch 1 / llama.cpp | batch 8 / llama.cpp | batch-1 ceiling at the probe's GB/s |\n");
        sb.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Result r : rs) {
            double peer = peer(r.f);
            double roof = (r.roofBefore + r.roofAfter) / 2;
            double ceiling = roof / r.gbPerToken;
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %.2f | %.2f | %.1f | %.1f / %.1f | %.0f %% | %.2f | %.0f | %.2f / %.2f | %.2f / %.2f | %.2f"
                            + " | %.2f | %.2f | %.1f |%n",
                    r.f,
                    r.gbPerToken,
                    r.b1,
                    r.b1 * r.gbPerToken,
                    r.roofBefore,
                    r.roofAfter,
                    100 * r.b1 * r.gbPerToken / roof,
                    r.b8,
                    r.ttftMs,
                    r.cpuPerToken1,
                    r.cpuPerStep8,
                    r.others1,
                    r.others8,
                    peer,
                    r.b1 / peer,
                    r.b8 / peer,
                    ceiling));
        }
        sb.append("\nLoad average at the end of the run: ")
                .append(String.format(
                        Locale.ROOT,
                        "%.1f",
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                                .getSystemLoadAverage()))
                .append(" on ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs. Process CPU seconds include the workers' brief spin-waits.\n");
        if (layers != 28) {
            sb.append("\nNote: fewer layers than the full model; scale tok/s by the GB/token ratio.\n");
        }
        Path out = Path.of("target", "bench", "decoder.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, sb.toString());
        System.out.println(sb);
    }
}
