package dev.hcxmesh.ocrlens.lens;

import dev.hcxmesh.ocrlens.ocr.Boxes;
import java.util.Arrays;
import java.util.Objects;

/**
 * An entity found in an image.
 *
 * @param text entity name as it goes into the prompt (non-blank; newlines collapsed to spaces)
 * @param box normalised {@code [x1, y1, x2, y2]}, or {@code null} for an image-level keyword
 * @param kind detector-specific kind, e.g. {@code "qr"}, {@code "url"}, {@code "phone"}, {@code "product"}
 * @param score confidence in [0, 1]
 */
public record LensKeyword(String text, float[] box, String kind, float score) {

    public LensKeyword {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(kind, "kind");
        text = text.replaceAll("[\\r\\n\\t]+", " ").strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("keyword text must not be blank");
        }
        if (box != null) {
            box = Boxes.checked(box);
        }
        if (!(score >= 0f && score <= 1f)) {
            throw new IllegalArgumentException("score must be in [0, 1], found " + score);
        }
    }

    /** The box (a copy), or null. */
    @Override
    public float[] box() {
        return box == null ? null : box.clone();
    }

    public boolean hasBox() {
        return box != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LensKeyword k
                && text.equals(k.text)
                && Arrays.equals(box, k.box)
                && kind.equals(k.kind)
                && Float.compare(score, k.score) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, Arrays.hashCode(box), kind, score);
    }

    @Override
    public String toString() {
        return "LensKeyword[" + kind + " '" + text + "' " + Arrays.toString(box) + " " + score + "]";
    }
}
