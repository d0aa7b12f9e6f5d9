package dev.hcxmesh.ocrlens.ocr;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Recognises words in an image. Implementations must be safe to call from several threads at once.
 * Words come back in raster order (lines top to bottom, words left to right), already filtered by the
 * engine's minimum confidence.
 */
public interface OcrEngine extends AutoCloseable {

    /** Recognises {@code image} with no time limit. */
    default List<OcrWord> recognize(OcrImage image) {
        return recognize(image, Long.MAX_VALUE);
    }

    /**
     * Recognises {@code image}, giving up at {@code deadlineNanos} ({@link System#nanoTime()} clock). An
     * engine that stops early returns the words it has (possibly none) rather than failing.
     */
    List<OcrWord> recognize(OcrImage image, long deadlineNanos);

    /** Convenience for AWT images. */
    default List<OcrWord> recognize(BufferedImage image) {
        return recognize(OcrImage.of(image));
    }

    @Override
    default void close() {}
}
