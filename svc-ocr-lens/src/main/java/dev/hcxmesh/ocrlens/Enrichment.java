package dev.hcxmesh.ocrlens;

import dev.hcxmesh.ocrlens.lens.LensKeyword;
import dev.hcxmesh.ocrlens.ocr.OcrWord;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Enricher} found in one image: the three HCX prompt strings (HCX-MODEL-SPEC §6.2) and the
 * structured data behind them.
 *
 * @param ocr the {@code ocr} field (words in raster order joined by ", ")
 * @param lensKeywords the {@code lens_keywords} field
 * @param lensLocalKeywords the {@code lens_local_keywords} field
 * @param words OCR words, raster order
 * @param keywords all provider keywords, raster order
 * @param status {@link Status#COMPLETE} or why the result is partial
 * @param incomplete names of the stages that timed out or failed ({@code "ocr"} or a provider name), with
 *     the reason, e.g. {@code "visual-search: DEADLINE_EXCEEDED"}
 * @param elapsedMillis wall time of the call
 */
public record Enrichment(
        String ocr,
        String lensKeywords,
        String lensLocalKeywords,
        List<OcrWord> words,
        List<LensKeyword> keywords,
        Status status,
        List<String> incomplete,
        long elapsedMillis) {

    /** Outcome of an enrichment call. */
    public enum Status {
        /** Every stage finished within the budget. */
        COMPLETE,
        /** The time budget ran out; some stages returned nothing or partial results. */
        PARTIAL_TIMEOUT,
        /** Some stage failed (and none timed out); the others' results are kept. */
        PARTIAL_ERROR
    }

    public Enrichment {
        Objects.requireNonNull(ocr, "ocr");
        Objects.requireNonNull(lensKeywords, "lensKeywords");
        Objects.requireNonNull(lensLocalKeywords, "lensLocalKeywords");
        Objects.requireNonNull(status, "status");
        words = List.copyOf(words);
        keywords = List.copyOf(keywords);
        incomplete = List.copyOf(incomplete);
        if ((status == Status.COMPLETE) != incomplete.isEmpty()) {
            throw new IllegalArgumentException(
                    "status " + status + " inconsistent with incomplete stages " + incomplete);
        }
    }

    /** True unless {@link Status#COMPLETE}. */
    public boolean partial() {
        return status != Status.COMPLETE;
    }

    /** All three fields empty (the aux block then carries "" values). */
    public static Enrichment empty() {
        return new Enrichment("", "", "", List.of(), List.of(), Status.COMPLETE, List.of(), 0);
    }
}
