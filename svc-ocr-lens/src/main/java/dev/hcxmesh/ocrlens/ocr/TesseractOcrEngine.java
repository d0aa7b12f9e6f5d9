package dev.hcxmesh.ocrlens.ocr;

import static org.bytedeco.tesseract.global.tesseract.RIL_TEXTLINE;
import static org.bytedeco.tesseract.global.tesseract.RIL_WORD;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.tesseract.ETEXT_DESC;
import org.bytedeco.tesseract.ResultIterator;
import org.bytedeco.tesseract.TessBaseAPI;

/**
 * {@link OcrEngine} over the bytedeco Tesseract 5.5 binding.
 *
 * <p>TessBaseAPI is not thread-safe, so the engine keeps a pool of up to {@link TesseractConfig#poolSize()}
 * instances; each call borrows one for its whole duration. Instances are created lazily (init costs
 * 0.7-1 s and ~100 MB for kor+eng). The page segmentation mode is always set explicitly (4 or 6: the
 * default 3 drops lines). Deadlines map onto Tesseract's own {@code ETEXT_DESC} deadline, so a recognition
 * that runs out of time stops inside Tesseract and returns what it had.
 *
 * <p>Output: words in raster order, boxes normalised to [0, 1], confidences in [0, 1], words below
 * {@code minConfidence} dropped, then {@link OcrText#postProcess} (Hangul fragment joining and
 * de-hyphenation).
 */
public final class TesseractOcrEngine implements OcrEngine {

    private final TesseractConfig config;
    private final BlockingQueue<TessBaseAPI> idle;
    private final AtomicInteger created = new AtomicInteger();
    private volatile boolean closed;

    public TesseractOcrEngine(TesseractConfig config) {
        this.config = config;
        config.checkDataPresent();
        NativeThreads.limitOpenMp(); // before the first native tesseract/leptonica load
        this.idle = new ArrayBlockingQueue<>(config.poolSize());
        idle.add(newApi()); // fail fast on a broken install; later instances are lazy
    }

    public TesseractConfig config() {
        return config;
    }

    /** Number of TessBaseAPI instances created so far. */
    public int instances() {
        return created.get();
    }

    @Override
    public List<OcrWord> recognize(OcrImage image, long deadlineNanos) {
        TessBaseAPI api = borrow();
        try {
            return OcrText.postProcess(run(api, image, deadlineNanos), image.width(), image.height());
        } finally {
            api.Clear();
            if (closed) {
                api.End();
                api.close();
            } else {
                idle.add(api);
            }
        }
    }

    private List<OcrWord> run(TessBaseAPI api, OcrImage image, long deadlineNanos) {
        int w = image.width();
        int h = image.height();
        api.SetPageSegMode(config.pageSegMode());
        api.SetImage(image.rgb(), w, h, 3, w * 3);
        if (config.dpi() > 0) {
            api.SetSourceResolution(config.dpi());
        }
        List<OcrWord> words = new ArrayList<>();
        try (ETEXT_DESC monitor = new ETEXT_DESC()) {
            if (deadlineNanos != Long.MAX_VALUE) {
                long ms = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
                if (ms <= 0) {
                    return words;
                }
                monitor.set_deadline_msecs((int) Math.min(Integer.MAX_VALUE, ms));
            }
            if (api.Recognize(monitor) != 0 && !monitor.deadline_exceeded()) {
                throw new OcrException("Tesseract Recognize failed on a " + w + "x" + h + " image");
            }
            ResultIterator it = api.GetIterator();
            if (it == null || it.isNull()) {
                return words;
            }
            try (it;
                    IntPointer x1 = new IntPointer(1);
                    IntPointer y1 = new IntPointer(1);
                    IntPointer x2 = new IntPointer(1);
                    IntPointer y2 = new IntPointer(1)) {
                int line = -1;
                do {
                    if (it.Empty(RIL_WORD)) {
                        continue;
                    }
                    if (line < 0 || it.IsAtBeginningOf(RIL_TEXTLINE)) {
                        line++;
                    }
                    BytePointer p = it.GetUTF8Text(RIL_WORD);
                    if (p == null || p.isNull()) {
                        continue;
                    }
                    String text;
                    try {
                        text = p.getString(java.nio.charset.StandardCharsets.UTF_8)
                                .strip();
                    } finally {
                        org.bytedeco.tesseract.global.tesseract.TessDeleteText(p);
                    }
                    float conf = Math.clamp(it.Confidence(RIL_WORD) / 100f, 0f, 1f);
                    if (text.isEmpty() || conf < config.minConfidence()) {
                        continue;
                    }
                    if (!it.BoundingBox(RIL_WORD, x1, y1, x2, y2)) {
                        continue;
                    }
                    words.add(new OcrWord(
                            text, Boxes.normalise(x1.get(), y1.get(), x2.get(), y2.get(), w, h), conf, line));
                } while (it.Next(RIL_WORD));
            }
        }
        return renumberLines(words);
    }

    /** Line indices dense from 0 after confidence filtering. */
    private static List<OcrWord> renumberLines(List<OcrWord> words) {
        List<OcrWord> out = new ArrayList<>(words.size());
        int prev = -1;
        int next = -1;
        for (OcrWord word : words) {
            if (word.line() != prev) {
                prev = word.line();
                next++;
            }
            out.add(new OcrWord(word.text(), word.box(), word.confidence(), next));
        }
        return out;
    }

    private TessBaseAPI borrow() {
        if (closed) {
            throw new IllegalStateException("TesseractOcrEngine is closed");
        }
        TessBaseAPI api = idle.poll();
        if (api != null) {
            return api;
        }
        synchronized (this) {
            if (created.get() < config.poolSize()) {
                return newApi();
            }
        }
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OcrException("interrupted while waiting for a Tesseract instance");
        }
    }

    private synchronized TessBaseAPI newApi() {
        TessBaseAPI api = new TessBaseAPI();
        int rc = api.Init(config.tessdata().toString(), config.languages());
        if (rc != 0) {
            api.close();
            throw new OcrException(
                    "TessBaseAPI.Init(" + config.tessdata() + ", " + config.languages() + "): expected 0, found " + rc);
        }
        api.SetPageSegMode(config.pageSegMode());
        api.SetVariable("debug_file", "/dev/null"); // silences "Estimating resolution" chatter on stderr
        created.incrementAndGet();
        return api;
    }

    /** Ends idle instances now; instances in use end when their call returns. */
    @Override
    public void close() {
        closed = true;
        TessBaseAPI api;
        while ((api = idle.poll()) != null) {
            api.End();
            api.close();
        }
    }
}
