package dev.hcxmesh.ocrlens.bench;

import dev.hcxmesh.ocrlens.Accuracy;
import dev.hcxmesh.ocrlens.Render;
import dev.hcxmesh.ocrlens.ocr.OcrImage;
import dev.hcxmesh.ocrlens.ocr.OcrText;
import dev.hcxmesh.ocrlens.ocr.TesseractConfig;
import dev.hcxmesh.ocrlens.ocr.TesseractOcrEngine;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Pages per second for a 1600x700 page of 6 mixed Korean/English lines (NanumGothic 48 px), kor+eng PSM 6,
 * on 1 and 2 threads (a pool of as many TessBaseAPI instances). Writes {@code target/bench/ocr.md}.
 *
 * <p>Run (after {@code mvn -o -B -pl svc-ocr-lens -am test-compile}): {@code java
 * --enable-native-access=ALL-UNNAMED -cp svc-ocr-lens/target/test-classes:svc-ocr-lens/target/classes:<test
 * classpath> dev.hcxmesh.ocrlens.bench.OcrBench [pagesPerThread=8] [outDir=svc-ocr-lens/target/bench]}.
 */
public final class OcrBench {

    static final List<String> PAGE = List.of(
            "서울특별시 강남구 테헤란로 152 네이버 그린팩토리",
            "HyperCLOVA X SEED Vision Instruct 3B benchmark",
            "오늘의 날씨는 맑음입니다 최고 기온 23도",
            "Kafka mesh with Quarkus 3.32 on JDK 25",
            "문의 010-1234-5678 또는 help@naver.com",
            "The quick brown fox jumps over the lazy dog");

    private OcrBench() {}

    public static void main(String[] args) throws Exception {
        int pagesPerThread = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        Path outDir = Path.of(args.length > 1 ? args[1] : "svc-ocr-lens/target/bench");
        BufferedImage img = Render.canvas(1600, 700, Color.WHITE);
        Render.lines(img, Render.font(Render.NANUM_GOTHIC, 48f), Color.BLACK, 40, 20, PAGE);
        OcrImage page = OcrImage.of(img);
        StringBuilder md = new StringBuilder("# OCR benchmark (svc-ocr-lens)\n\n");
        md.append(
                "Page: 1600x700, 6 lines Korean/English, NanumGothic 48 px. Engine: bytedeco tesseract 5.5.2, kor+eng, PSM 6.\n");
        md.append("Machine: shared build host (")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores visible, other agents running): numbers are indicative only.\n\n");
        md.append("| threads | pages | wall s | pages/s | wall ms/page (per thread) | CPU ms/page | 1-CER |\n"
                + "|---|---|---|---|---|---|---|\n");
        String lastText = "";
        for (int threads : new int[] {1, 2}) {
            long t0 = System.nanoTime();
            try (var engine = new TesseractOcrEngine(TesseractConfig.defaults().withPoolSize(threads));
                    ExecutorService pool = Executors.newFixedThreadPool(threads)) {
                double initS = (System.nanoTime() - t0) / 1e9;
                // warm-up: one page per thread (also creates the pool's instances)
                List<Future<String>> warm = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    warm.add(pool.submit(() -> String.join("\n", OcrText.lines(engine.recognize(page)))));
                }
                String text = "";
                for (Future<String> f : warm) {
                    text = f.get();
                }
                double acc = Accuracy.charAccuracy(String.join("\n", PAGE), text);
                int pages = pagesPerThread * threads;
                long start = System.nanoTime();
                List<Future<Long>> fs = new ArrayList<>();
                ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                for (int i = 0; i < pages; i++) {
                    fs.add(pool.submit(() -> {
                        long c0 = mx.getCurrentThreadCpuTime();
                        engine.recognize(page);
                        return mx.getCurrentThreadCpuTime() - c0;
                    }));
                }
                long cpuNanos = 0;
                for (Future<Long> f : fs) {
                    cpuNanos += f.get();
                }
                double wall = (System.nanoTime() - start) / 1e9;
                lastText = text;
                String row = String.format(
                        Locale.ROOT,
                        "| %d | %d | %.2f | %.2f | %.0f | %.0f | %.4f |%n",
                        threads,
                        pages,
                        wall,
                        pages / wall,
                        wall * 1000 * threads / pages,
                        cpuNanos / 1e6 / pages,
                        acc);
                md.append(row);
                System.out.printf(Locale.ROOT, "threads=%d init=%.2fs %s", threads, initS, row);
            }
        }
        md.append("\nCPU ms/page is the recognising thread's CPU time (contention-independent; the native code is\n")
                .append("single-threaded: bytedeco's libtesseract is built without OpenMP). Recognised text:\n\n```\n")
                .append(lastText)
                .append("\n```\n");
        Files.createDirectories(outDir);
        Files.writeString(outDir.resolve("ocr.md"), md);
        System.out.println("wrote " + outDir.resolve("ocr.md"));
    }
}
