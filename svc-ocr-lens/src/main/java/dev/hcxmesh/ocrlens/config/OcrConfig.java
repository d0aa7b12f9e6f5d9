package dev.hcxmesh.ocrlens.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of svc-ocr-lens ({@code hcx.ocr.*}). */
@ConfigMapping(prefix = "hcx.ocr")
public interface OcrConfig {

    /** Tesseract languages. */
    @WithDefault("kor+eng")
    String languages();

    /** Tessdata folder; defaults to $HCX_TESSDATA or Debian's /usr/share/tesseract-ocr/5/tessdata. */
    Optional<String> tessdata();

    /** Page segmentation mode: 6 (one block) or 4 (columns); 3 silently drops lines. */
    @WithDefault("6")
    int pageSegMode();

    /** Words below this confidence (0..1) are dropped. */
    @WithDefault("0.4")
    float minConfidence();

    /** Tesseract instances (one per concurrent OCR call). */
    @WithDefault("1")
    int poolSize();

    /** Time budget for one frame batch; past it the stage answers with what it has (PARTIAL). */
    @WithDefault("4s")
    Duration budget();
}
