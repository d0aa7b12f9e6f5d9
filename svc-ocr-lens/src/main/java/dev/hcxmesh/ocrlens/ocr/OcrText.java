package dev.hcxmesh.ocrlens.ocr;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Pure text rules applied to recognised words, and the HCX {@code ocr} field.
 *
 * <p><b>Hangul fragments.</b> Tesseract sometimes splits one eojeol (a run of Hangul syllables written
 * without spaces) into two "words". Two neighbours on the same line are joined with no space when the left
 * one ends and the right one starts with a Hangul syllable and the pixel gap between them is below {@link
 * #HANGUL_JOIN_GAP} times the line height (the median word-box height of the line, robust to one inflated box) (measured on NanumGothic 24/36/48 px renders: gaps inside a split eojeol are 0.05-0.36 of the line height, real word spaces 0.4-0.7).
 *
 * <p><b>De-hyphenation.</b> A line whose last word is letters followed by {@code -} and whose next line
 * starts with a lower-case letter is joined across the break ("recog-" + "nition" = "recognition"; the
 * joined word's box is the union of both parts).
 *
 * <p><b>The {@code ocr} field.</b> HCX-MODEL-SPEC §6.2 describes it as "words in raster order, e.g.
 * {@code Naver, CLOVA, bigshane}", so {@link #hcxOcr} joins word texts with {@code ", "} (the choice is an
 * inference from that example, made configurable with {@link Join#LINES}, which joins the words of a line
 * with single spaces and lines with {@code ", "}). Whitespace inside a word is collapsed to one space.
 */
public final class OcrText {

    /** Joining threshold for split Hangul runs: gap / line height. */
    public static final double HANGUL_JOIN_GAP = 0.38;

    /** How {@link #hcxOcr(List, Join)} joins words. */
    public enum Join {
        /** {@code "w1, w2, w3"}: every word separated by ", " (default, HCX example). */
        WORDS,
        /** {@code "w1 w2, w3"}: words of one line by a space, lines by ", ". */
        LINES
    }

    private OcrText() {}

    /** Hangul joining, then de-hyphenation; {@code width}/{@code height} give the pixel aspect. */
    public static List<OcrWord> postProcess(List<OcrWord> words, int width, int height) {
        return dehyphenate(joinHangulFragments(words, width, height));
    }

    static List<OcrWord> joinHangulFragments(List<OcrWord> words, int width, int height) {
        List<OcrWord> out = new ArrayList<>(words.size());
        int start = 0;
        while (start < words.size()) {
            int end = start;
            while (end < words.size()
                    && words.get(end).line() == words.get(start).line()) {
                end++;
            }
            List<OcrWord> line = words.subList(start, end);
            double lineHeightPx = medianHeight(line) * height;
            int first = out.size();
            for (OcrWord w : line) {
                if (out.size() > first) {
                    OcrWord prev = out.getLast();
                    double gapPx = (w.x1() - prev.x2()) * width;
                    if (endsWithHangul(prev.text())
                            && startsWithHangul(w.text())
                            && gapPx < HANGUL_JOIN_GAP * lineHeightPx) {
                        out.set(out.size() - 1, merge(prev, w, prev.text() + w.text(), prev.line()));
                        continue;
                    }
                }
                out.add(w);
            }
            start = end;
        }
        return out;
    }

    private static double medianHeight(List<OcrWord> line) {
        double[] h = line.stream().mapToDouble(w -> w.y2() - w.y1()).sorted().toArray();
        return h.length % 2 == 1 ? h[h.length / 2] : (h[h.length / 2 - 1] + h[h.length / 2]) / 2;
    }

    static List<OcrWord> dehyphenate(List<OcrWord> words) {
        List<OcrWord> out = new ArrayList<>(words.size());
        for (int i = 0; i < words.size(); i++) {
            OcrWord w = words.get(i);
            boolean lastOfLine = i + 1 < words.size() && words.get(i + 1).line() == w.line() + 1;
            if (lastOfLine
                    && w.text().matches(".*\\p{L}{2,}-")
                    && startsWithLower(words.get(i + 1).text())) {
                OcrWord next = words.get(i + 1);
                String joined = w.text().substring(0, w.text().length() - 1) + next.text();
                out.add(merge(w, next, joined, w.line()));
                i++;
                continue;
            }
            out.add(w);
        }
        return out;
    }

    private static OcrWord merge(OcrWord a, OcrWord b, String text, int line) {
        float[] box = Boxes.union(List.of(a.box(), b.box()));
        return new OcrWord(text, box, Math.min(a.confidence(), b.confidence()), line);
    }

    /** Words of each line joined by single spaces, lines in raster order. */
    public static List<String> lines(List<OcrWord> words) {
        List<String> lines = new ArrayList<>();
        StringJoiner cur = null;
        int line = -1;
        for (OcrWord w : words) {
            if (cur == null || w.line() != line) {
                if (cur != null) {
                    lines.add(cur.toString());
                }
                cur = new StringJoiner(" ");
                line = w.line();
            }
            cur.add(clean(w.text()));
        }
        if (cur != null) {
            lines.add(cur.toString());
        }
        return lines;
    }

    /** The HCX {@code ocr} field with the default {@link Join#WORDS}. */
    public static String hcxOcr(List<OcrWord> words) {
        return hcxOcr(words, Join.WORDS);
    }

    /** The HCX {@code ocr} field; empty string when there are no words. */
    public static String hcxOcr(List<OcrWord> words, Join join) {
        if (join == Join.LINES) {
            return String.join(", ", lines(words));
        }
        StringJoiner j = new StringJoiner(", ");
        for (OcrWord w : words) {
            j.add(clean(w.text()));
        }
        return j.toString();
    }

    /** Collapses internal whitespace (including NBSP and ideographic space) to one ASCII space. */
    public static String clean(String s) {
        return s.replaceAll("[\\s\\u00A0\\u3000]+", " ").strip();
    }

    static boolean isHangulSyllable(int cp) {
        return cp >= 0xAC00 && cp <= 0xD7A3;
    }

    private static boolean endsWithHangul(String s) {
        return !s.isEmpty() && isHangulSyllable(s.codePointBefore(s.length()));
    }

    private static boolean startsWithHangul(String s) {
        return !s.isEmpty() && isHangulSyllable(s.codePointAt(0));
    }

    private static boolean startsWithLower(String s) {
        return !s.isEmpty() && Character.isLowerCase(s.codePointAt(0));
    }
}
