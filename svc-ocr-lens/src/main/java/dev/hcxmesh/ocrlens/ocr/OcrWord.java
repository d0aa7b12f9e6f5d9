package dev.hcxmesh.ocrlens.ocr;

import java.util.Objects;

/**
 * One recognised word.
 *
 * @param text the word, never blank
 * @param box {@code [x1, y1, x2, y2]} normalised to [0, 1] by the image width and height (top-left origin)
 * @param confidence recogniser confidence in [0, 1]
 * @param line 0-based text-line index in raster order (words of one line share it)
 */
public record OcrWord(String text, float[] box, float confidence, int line) {

    public OcrWord {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("word text must not be blank");
        }
        box = Boxes.checked(box);
        if (!(confidence >= 0f && confidence <= 1f)) {
            throw new IllegalArgumentException("confidence must be in [0, 1], found " + confidence);
        }
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0, found " + line);
        }
    }

    /** The box (a copy). */
    @Override
    public float[] box() {
        return box.clone();
    }

    public float x1() {
        return box[0];
    }

    public float y1() {
        return box[1];
    }

    public float x2() {
        return box[2];
    }

    public float y2() {
        return box[3];
    }

    public OcrWord withText(String newText) {
        return new OcrWord(newText, box, confidence, line);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OcrWord w
                && text.equals(w.text)
                && java.util.Arrays.equals(box, w.box)
                && Float.compare(confidence, w.confidence) == 0
                && line == w.line;
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, java.util.Arrays.hashCode(box), confidence, line);
    }

    @Override
    public String toString() {
        return "OcrWord[" + text + " " + java.util.Arrays.toString(box) + " conf=" + confidence + " line=" + line + "]";
    }
}
