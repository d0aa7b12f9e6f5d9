package dev.hcxmesh.ocrlens.video;

import dev.hcxmesh.ocrlens.ocr.OcrEngine;
import dev.hcxmesh.ocrlens.ocr.OcrImage;
import dev.hcxmesh.ocrlens.ocr.OcrWord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * OCR for video frames: detect text bands ({@link TextRegionDetector}), crop, up-scale small bands to about
 * {@value #TARGET_BAND_HEIGHT} px, binarise with Otsu (black text on white), then look the binarised band up
 * in the {@link FrameOcrCache} by its 64 x 8 dHash and OCR it only on a miss. Words come back in frame
 * coordinates (normalised), bands top to bottom, line numbers renumbered across bands. A frame without
 * detected bands yields no words (full-frame OCR of a busy picture mostly produces noise).
 *
 * <p>It is itself an {@link OcrEngine}, so an {@code Enricher} built on it handles video frames; closing it
 * does not close the wrapped engine.
 */
public final class FrameOcr implements OcrEngine {

    /** Bands lower than this are up-scaled by an integer factor (at most 4) before OCR. */
    public static final int TARGET_BAND_HEIGHT = 48;

    private final OcrEngine engine;
    private final TextRegionDetector detector;
    private final FrameOcrCache cache;

    public FrameOcr(OcrEngine engine, TextRegionDetector detector, FrameOcrCache cache) {
        this.engine = engine;
        this.detector = detector;
        this.cache = cache;
    }

    public FrameOcrCache cache() {
        return cache;
    }

    /** Words of all bands in {@code frame}; bands not reached before the deadline are skipped. */
    @Override
    public List<OcrWord> recognize(OcrImage frame, long deadlineNanos) {
        int fw = frame.width();
        int fh = frame.height();
        byte[] gray = frame.toGray(); // [fh, fw]
        List<OcrWord> out = new ArrayList<>();
        int lineBase = 0;
        for (TextRegion r : detector.detect(gray, fw, fh)) {
            if (System.nanoTime() - deadlineNanos > 0) {
                break;
            }
            byte[] crop = new byte[r.width() * r.height()]; // [rh, rw]
            for (int y = 0; y < r.height(); y++) {
                System.arraycopy(gray, (r.y() + y) * fw + r.x(), crop, y * r.width(), r.width());
            }
            int f = Math.clamp((TARGET_BAND_HEIGHT + r.height() - 1) / r.height(), 1, 4);
            int cw = r.width() * f;
            int ch = r.height() * f;
            byte[] bin = Binarizer.otsu(Binarizer.upscale(crop, r.width(), r.height(), f)); // [ch, cw]
            DHash hash = DHash.of(bin, cw, ch, 64, 8);
            Optional<List<OcrWord>> cached = cache.lookup(hash);
            List<OcrWord> local;
            if (cached.isPresent()) {
                local = cached.get();
            } else {
                local = engine.recognize(OcrImage.ofGray(cw, ch, bin), deadlineNanos);
                cache.put(hash, local);
            }
            int maxLine = -1;
            for (OcrWord w : local) {
                float[] b = w.box();
                float[] mapped = {
                    (r.x() + b[0] * r.width()) / fw,
                    (r.y() + b[1] * r.height()) / fh,
                    (r.x() + b[2] * r.width()) / fw,
                    (r.y() + b[3] * r.height()) / fh
                };
                for (int i = 0; i < 4; i++) {
                    mapped[i] = Math.clamp(mapped[i], 0f, 1f);
                }
                out.add(new OcrWord(w.text(), mapped, w.confidence(), lineBase + w.line()));
                maxLine = Math.max(maxLine, w.line());
            }
            lineBase += maxLine + 1;
        }
        return out;
    }
}
