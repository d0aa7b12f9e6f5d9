package dev.hcxmesh.ocrlens.lens;

import dev.hcxmesh.ocrlens.ocr.Boxes;
import dev.hcxmesh.ocrlens.ocr.OcrImage;
import dev.hcxmesh.ocrlens.ocr.OcrWord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entities in the OCR text: URLs, e-mail addresses, phone numbers (Korean formats: mobile {@code
 * 010-1234-5678}, Seoul {@code 02-123-4567}, area codes {@code 031-...}, {@code 070-...}, representative
 * numbers {@code 1588-1234}, international {@code +82 10-1234-5678}), {@code @handles} and {@code
 * #hashtags} (Hangul allowed). Matching runs per OCR line over the words joined by single spaces, so an
 * entity may span words (a phone number written with spaces); its box is the union of the words it touches
 * and its score the lowest word confidence. Kinds: {@code url, email, phone, handle, hashtag}.
 */
public final class TextEntityProvider implements LensProvider {

    private static final String TLD = "(?:com|net|org|kr|co\\.kr|or\\.kr|go\\.kr|ac\\.kr|io|ai|me|tv|info|biz|app|dev)";

    private static final Pattern EMAIL =
            Pattern.compile("(?<![\\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final Pattern URL = Pattern.compile("(?i)(?<![\\w@.])(?:https?://|www\\.)[^\\s,<>\"']+"
            + "|(?<![\\w@./-])(?:[a-z0-9-]+\\.)+" + TLD + "(?:/[^\\s,<>\"']*)?(?![\\w@-])");
    private static final Pattern PHONE = Pattern.compile("(?<![\\d+])(?:"
            + "\\+82[ .-]?(?:\\(0\\))?(?:1[016789]|[2-6]\\d?|70)[ .-]?\\d{3,4}[ .-]?\\d{4}"
            + "|0(?:1[016789]|2|[3-6][1-5]|70|50\\d?)[ .)-]?\\d{3,4}[ .-]?\\d{4}"
            + "|1[5-9]\\d{2}-\\d{4}"
            + ")(?!\\d)");
    private static final Pattern HANDLE =
            Pattern.compile("(?<![\\w.@])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?");
    private static final Pattern HASHTAG = Pattern.compile("(?<![\\w&#])#[\\p{L}\\p{N}_]*\\p{L}[\\p{L}\\p{N}_]*");

    private record Kind(String name, Pattern pattern) {}

    private static final List<Kind> KINDS = List.of(
            new Kind("email", EMAIL),
            new Kind("url", URL),
            new Kind("phone", PHONE),
            new Kind("handle", HANDLE),
            new Kind("hashtag", HASHTAG));

    @Override
    public String name() {
        return "text-entities";
    }

    @Override
    public boolean needsWords() {
        return true;
    }

    @Override
    public List<LensKeyword> detect(OcrImage image, List<OcrWord> words) {
        List<LensKeyword> out = new ArrayList<>();
        int start = 0;
        while (start < words.size()) {
            int end = start;
            while (end < words.size()
                    && words.get(end).line() == words.get(start).line()) {
                end++;
            }
            List<LensKeyword> line = new ArrayList<>();
            detectLine(words.subList(start, end), line);
            line.sort((a, b) -> Float.compare(a.box()[0], b.box()[0])); // left to right within the line
            out.addAll(line);
            start = end;
        }
        dedupe(out);
        return out;
    }

    private static void detectLine(List<OcrWord> line, List<LensKeyword> out) {
        StringBuilder sb = new StringBuilder();
        int[] wordStart = new int[line.size()];
        for (int i = 0; i < line.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            wordStart[i] = sb.length();
            sb.append(line.get(i).text());
        }
        String text = sb.toString();
        boolean[] taken = new boolean[text.length()]; // an e-mail's domain is not also a URL, etc.
        for (Kind kind : KINDS) {
            Matcher m = kind.pattern().matcher(text);
            while (m.find()) {
                int s = m.start();
                int e = trimEnd(text, s, m.end());
                if (e <= s || overlaps(taken, s, e)) {
                    continue;
                }
                for (int i = s; i < e; i++) {
                    taken[i] = true;
                }
                List<float[]> boxes = new ArrayList<>();
                float score = 1f;
                for (int i = 0; i < line.size(); i++) {
                    int ws = wordStart[i];
                    int we = ws + line.get(i).text().length();
                    if (ws < e && we > s) {
                        boxes.add(line.get(i).box());
                        score = Math.min(score, line.get(i).confidence());
                    }
                }
                String value = normalise(kind.name(), text.substring(s, e));
                out.add(new LensKeyword(value, Boxes.union(boxes), kind.name(), score));
            }
        }
    }

    /**
     * Host names are case-insensitive, and OCR often mixes case in them ("WWw.naver.com"): URLs get their
     * scheme and host lower-cased, e-mails their domain. Paths and local parts are kept as read.
     */
    static String normalise(String kind, String value) {
        return switch (kind) {
            case "url" -> {
                int hostStart = value.indexOf("://") >= 0 ? value.indexOf("://") + 3 : 0;
                int slash = value.indexOf('/', hostStart);
                int end = slash < 0 ? value.length() : slash;
                yield value.substring(0, end).toLowerCase(java.util.Locale.ROOT) + value.substring(end);
            }
            case "email" -> {
                int at = value.lastIndexOf('@');
                yield value.substring(0, at + 1) + value.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
            }
            default -> value;
        };
    }

    /** Drops trailing sentence punctuation that OCR attaches to URLs and e-mails. */
    private static int trimEnd(String text, int s, int e) {
        while (e > s && ".,;:!?)]}'\"".indexOf(text.charAt(e - 1)) >= 0) {
            e--;
        }
        return e;
    }

    private static boolean overlaps(boolean[] taken, int s, int e) {
        for (int i = s; i < e; i++) {
            if (taken[i]) {
                return true;
            }
        }
        return false;
    }

    private static void dedupe(List<LensKeyword> out) {
        Set<String> seen = new HashSet<>();
        out.removeIf(k -> !seen.add(k.kind() + '\u0000' + k.text()));
    }
}
