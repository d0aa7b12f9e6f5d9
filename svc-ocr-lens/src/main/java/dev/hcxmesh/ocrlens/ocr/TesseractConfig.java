package dev.hcxmesh.ocrlens.ocr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of {@link TesseractOcrEngine}.
 *
 * @param tessdata folder with {@code <lang>.traineddata} files
 * @param languages Tesseract language string, e.g. {@code "kor+eng"}
 * @param pageSegMode 4 (single column of variable-size text) or 6 (single uniform block); 3 (auto) is
 *     refused because it silently drops lines on plain renders (JAVA-STACK-NOTES §5)
 * @param minConfidence words below this confidence in [0, 1] are dropped
 * @param poolSize maximum number of TessBaseAPI instances (one per concurrently recognising thread)
 * @param dpi source resolution reported to Tesseract (it only steers size heuristics); 0 lets Tesseract
 *     estimate it from the text size
 */
public record TesseractConfig(
        Path tessdata, String languages, int pageSegMode, float minConfidence, int poolSize, int dpi) {

    /** Debian's tesseract-ocr 5 data folder; overridable with the {@code HCX_TESSDATA} environment variable. */
    public static final Path DEBIAN_TESSDATA = Path.of("/usr/share/tesseract-ocr/5/tessdata");

    public TesseractConfig {
        Objects.requireNonNull(tessdata, "tessdata");
        Objects.requireNonNull(languages, "languages");
        if (languages.isBlank()) {
            throw new IllegalArgumentException("languages must not be blank");
        }
        if (pageSegMode != 4 && pageSegMode != 6 && pageSegMode != 7) {
            throw new IllegalArgumentException("pageSegMode: expected 4, 6 or 7, found " + pageSegMode);
        }
        if (!(minConfidence >= 0f && minConfidence <= 1f)) {
            throw new IllegalArgumentException("minConfidence must be in [0, 1], found " + minConfidence);
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be >= 1, found " + poolSize);
        }
        if (dpi != 0 && (dpi < 70 || dpi > 1200)) {
            throw new IllegalArgumentException("dpi must be 0 (estimate) or in [70, 1200], found " + dpi);
        }
    }

    /** kor+eng, PSM 6, min confidence 0.4, one instance, 300 dpi, tessdata from env or Debian. */
    public static TesseractConfig defaults() {
        String env = System.getenv("HCX_TESSDATA");
        Path dir = env == null || env.isBlank() ? DEBIAN_TESSDATA : Path.of(env);
        return new TesseractConfig(dir, "kor+eng", 6, 0.4f, 1, 300);
    }

    public TesseractConfig withPageSegMode(int psm) {
        return new TesseractConfig(tessdata, languages, psm, minConfidence, poolSize, dpi);
    }

    public TesseractConfig withMinConfidence(float min) {
        return new TesseractConfig(tessdata, languages, pageSegMode, min, poolSize, dpi);
    }

    public TesseractConfig withDpi(int newDpi) {
        return new TesseractConfig(tessdata, languages, pageSegMode, minConfidence, poolSize, newDpi);
    }

    public TesseractConfig withPoolSize(int size) {
        return new TesseractConfig(tessdata, languages, pageSegMode, minConfidence, size, dpi);
    }

    /** Fails with a message naming the missing file when a language's traineddata is absent. */
    public void checkDataPresent() {
        for (String lang : languages.split("\\+")) {
            Path f = tessdata.resolve(lang + ".traineddata");
            if (!Files.isRegularFile(f)) {
                throw new IllegalStateException(
                        "tessdata: expected " + f + " (apt-get install tesseract-ocr-" + lang + "), not found");
            }
        }
    }
}
