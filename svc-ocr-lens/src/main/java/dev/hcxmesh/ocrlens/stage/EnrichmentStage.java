package dev.hcxmesh.ocrlens.stage;

import dev.hcxmesh.events.v1.Enrichment;
import dev.hcxmesh.events.v1.FrameBatch;

/** OCR + Lens over one batch of frames; returns the enrichment fields (meta/ids filled by the caller). */
public interface EnrichmentStage {

    /** @return ocr, lens_keywords, lens_local_keywords, words and a status; never throws for bad pixels */
    Enrichment.Builder enrich(FrameBatch frames);
}
