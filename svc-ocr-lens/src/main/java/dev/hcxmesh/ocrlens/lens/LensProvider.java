package dev.hcxmesh.ocrlens.lens;

import dev.hcxmesh.ocrlens.ocr.OcrImage;
import dev.hcxmesh.ocrlens.ocr.OcrWord;
import java.util.List;

/**
 * Finds entity keywords in an image. Implementations must be thread-safe. A provider that fails throws
 * {@link LensException}; the caller decides whether that fails the whole enrichment.
 */
public interface LensProvider extends AutoCloseable {

    /** Short stable name for logs and status, e.g. {@code "qr"}. */
    String name();

    /** Whether {@link #detect} reads the OCR words (if not, it may run concurrently with OCR). */
    default boolean needsWords() {
        return false;
    }

    /** Keywords found in {@code image}; {@code words} are the OCR words in raster order (maybe empty). */
    List<LensKeyword> detect(OcrImage image, List<OcrWord> words);

    @Override
    default void close() {}
}
