package dev.hcxmesh.ocrlens;

import dev.hcxmesh.ocrlens.lens.LensException;
import dev.hcxmesh.ocrlens.lens.LensFormatter;
import dev.hcxmesh.ocrlens.lens.LensKeyword;
import dev.hcxmesh.ocrlens.lens.LensProvider;
import dev.hcxmesh.ocrlens.ocr.OcrEngine;
import dev.hcxmesh.ocrlens.ocr.OcrImage;
import dev.hcxmesh.ocrlens.ocr.OcrText;
import dev.hcxmesh.ocrlens.ocr.OcrWord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs OCR and lens providers on one image within a time budget and formats the HCX prompt fields.
 *
 * <p>Schedule: providers that do not read OCR words ({@link LensProvider#needsWords()} false: QR codes,
 * remote visual search) start at once on a virtual-thread executor; OCR runs on the calling thread with the
 * budget as its deadline (Tesseract stops inside recognition when it runs out); then the word-based
 * providers run; finally the early providers are awaited for whatever budget is left and cancelled after
 * it. A stage that runs out of time makes the result {@link Enrichment.Status#PARTIAL_TIMEOUT}; a stage
 * that throws makes it {@link Enrichment.Status#PARTIAL_ERROR}; either way the other stages' results are
 * kept. OCR words lying on a decoded QR code or barcode are dropped (they are noise). Thread-safe: one
 * instance may serve concurrent calls (the engine pools native instances; providers are thread-safe). For
 * video frames pass a {@link dev.hcxmesh.ocrlens.video.FrameOcr} as the engine. Plain Java: the service
 * layer owns threading, metrics and Kafka.
 */
public final class Enricher implements AutoCloseable {

    private final OcrEngine ocr;
    private final List<LensProvider> providers;
    private final Duration defaultBudget;
    private final OcrText.Join join;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * @param ocr the OCR engine (its lifecycle stays with the caller)
     * @param providers lens providers, in the order their keywords are listed before raster sorting
     * @param defaultBudget budget used by {@link #enrich(OcrImage)}
     */
    public Enricher(OcrEngine ocr, List<LensProvider> providers, Duration defaultBudget) {
        this(ocr, providers, defaultBudget, OcrText.Join.WORDS);
    }

    public Enricher(OcrEngine ocr, List<LensProvider> providers, Duration defaultBudget, OcrText.Join join) {
        this.ocr = Objects.requireNonNull(ocr, "ocr");
        this.providers = List.copyOf(providers);
        if (defaultBudget.isNegative() || defaultBudget.isZero()) {
            throw new IllegalArgumentException("budget must be positive, found " + defaultBudget);
        }
        this.defaultBudget = defaultBudget;
        this.join = Objects.requireNonNull(join, "join");
    }

    /** Convenience for AWT images, with the default budget. */
    public Enrichment enrich(java.awt.image.BufferedImage image) {
        return enrich(OcrImage.of(image), defaultBudget);
    }

    public Enrichment enrich(OcrImage image) {
        return enrich(image, defaultBudget);
    }

    public Enrichment enrich(OcrImage image, Duration budget) {
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        List<String> timedOut = new ArrayList<>();
        List<String> failed = new ArrayList<>();

        Map<LensProvider, Future<List<LensKeyword>>> early = new LinkedHashMap<>();
        for (LensProvider p : providers) {
            if (!p.needsWords()) {
                early.put(p, executor.submit(() -> p.detect(image, List.of())));
            }
        }

        List<OcrWord> words = List.of();
        try {
            words = ocr.recognize(image, deadline);
        } catch (RuntimeException e) {
            failed.add("ocr: " + e.getMessage());
        }
        if (System.nanoTime() - deadline > 0) {
            timedOut.add("ocr: budget " + budget.toMillis() + " ms exceeded");
        }

        Map<LensProvider, List<LensKeyword>> results = new LinkedHashMap<>();
        for (LensProvider p : providers) {
            if (!p.needsWords()) {
                continue;
            }
            if (System.nanoTime() - deadline > 0) {
                timedOut.add(p.name() + ": not started, budget exhausted");
                continue;
            }
            try {
                results.put(p, p.detect(image, words));
            } catch (RuntimeException e) {
                failed.add(p.name() + ": " + e.getMessage());
            }
        }
        for (var e : early.entrySet()) {
            LensProvider p = e.getKey();
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                results.put(p, e.getValue().get(left, TimeUnit.NANOSECONDS));
            } catch (TimeoutException ex) {
                e.getValue().cancel(true);
                timedOut.add(p.name() + ": budget " + budget.toMillis() + " ms exceeded");
            } catch (ExecutionException ex) {
                Throwable c = ex.getCause();
                failed.add(c instanceof LensException ? c.getMessage() : p.name() + ": " + c);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                e.getValue().cancel(true);
                timedOut.add(p.name() + ": interrupted");
            }
        }

        List<LensKeyword> keywords = new ArrayList<>();
        for (LensProvider p : providers) { // provider order, independent of completion order
            keywords.addAll(results.getOrDefault(p, List.of()));
        }
        List<LensKeyword> ordered = LensFormatter.rasterOrder(keywords);
        words = dropWordsInsideCodes(words, ordered);
        List<String> incomplete = new ArrayList<>(timedOut);
        incomplete.addAll(failed);
        Enrichment.Status status = !timedOut.isEmpty()
                ? Enrichment.Status.PARTIAL_TIMEOUT
                : failed.isEmpty() ? Enrichment.Status.COMPLETE : Enrichment.Status.PARTIAL_ERROR;
        return new Enrichment(
                OcrText.hcxOcr(words, join),
                LensFormatter.lensKeywords(ordered),
                LensFormatter.lensLocalKeywords(ordered),
                words,
                ordered,
                status,
                incomplete,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /**
     * OCR reads QR codes and barcodes as short garbage words ("ol"); drop words whose centre lies inside a
     * decoded symbol's box grown by 15 % per side (QR boxes span the finder-pattern centres, inset from
     * the symbol's edge).
     */
    static List<OcrWord> dropWordsInsideCodes(List<OcrWord> words, List<LensKeyword> keywords) {
        List<float[]> codes = new ArrayList<>();
        for (LensKeyword k : keywords) {
            if (k.hasBox() && (k.kind().equals("qr") || k.kind().startsWith("barcode:"))) {
                float[] b = k.box();
                float mx = 0.15f * (b[2] - b[0]);
                float my = 0.15f * (b[3] - b[1]);
                codes.add(new float[] {b[0] - mx, b[1] - my, b[2] + mx, b[3] + my});
            }
        }
        if (codes.isEmpty()) {
            return words;
        }
        List<OcrWord> kept = new ArrayList<>(words.size());
        for (OcrWord w : words) {
            float cx = (w.x1() + w.x2()) / 2;
            float cy = (w.y1() + w.y2()) / 2;
            boolean inside = false;
            for (float[] c : codes) {
                inside |= cx >= c[0] && cx <= c[2] && cy >= c[1] && cy <= c[3];
            }
            if (!inside) {
                kept.add(w);
            }
        }
        return kept;
    }

    /** Stops the internal executor; the engine and providers are closed by their owner. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
