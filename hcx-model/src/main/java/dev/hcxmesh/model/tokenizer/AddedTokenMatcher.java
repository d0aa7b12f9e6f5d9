package dev.hcxmesh.model.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds added tokens in text, leftmost-longest like Hugging Face's Aho-Corasick matcher: at the
 * leftmost position where any token starts, the longest token wins.
 */
final class AddedTokenMatcher {

    /** A piece of input: plain text ({@code tokenId == -1}) or one whole added token. */
    record Segment(String text, int tokenId) {
        boolean isToken() {
            return tokenId >= 0;
        }
    }

    private final Map<Character, List<AddedToken>> byFirstChar = new HashMap<>();
    private final boolean[] firstChar = new boolean[Character.MAX_VALUE + 1]; // fast reject before the map

    AddedTokenMatcher(List<AddedToken> tokens) {
        for (AddedToken t : tokens) {
            byFirstChar
                    .computeIfAbsent(t.content().charAt(0), k -> new ArrayList<>())
                    .add(t);
            firstChar[t.content().charAt(0)] = true;
        }
        for (List<AddedToken> list : byFirstChar.values()) {
            list.sort(Comparator.comparingInt((AddedToken t) -> t.content().length())
                    .reversed());
        }
    }

    boolean isEmpty() {
        return byFirstChar.isEmpty();
    }

    /** Splits {@code text} into plain and token segments, in order; empty plain segments are dropped. */
    List<Segment> split(String text) {
        List<Segment> out = new ArrayList<>();
        if (byFirstChar.isEmpty()) {
            out.add(new Segment(text, -1));
            return out;
        }
        int plainStart = 0; // start of the pending plain text
        int i = 0;
        while (i < text.length()) {
            AddedToken hit = longestAt(text, i);
            if (hit == null) {
                i++;
                continue;
            }
            int start = i;
            int end = i + hit.content().length();
            if (hit.lstrip()) {
                while (start > plainStart && isWhitespace(text.charAt(start - 1))) {
                    start--;
                }
            }
            if (hit.rstrip()) {
                while (end < text.length() && isWhitespace(text.charAt(end))) {
                    end++;
                }
            }
            if (start > plainStart) {
                out.add(new Segment(text.substring(plainStart, start), -1));
            }
            out.add(new Segment(text.substring(start, end), hit.id()));
            plainStart = end;
            i = end;
        }
        if (plainStart < text.length()) {
            out.add(new Segment(text.substring(plainStart), -1));
        }
        return out;
    }

    private AddedToken longestAt(String text, int i) {
        if (!firstChar[text.charAt(i)]) {
            return null;
        }
        List<AddedToken> candidates = byFirstChar.get(text.charAt(i));
        if (candidates == null) {
            return null;
        }
        for (AddedToken t : candidates) {
            if (text.startsWith(t.content(), i)) {
                return t;
            }
        }
        return null;
    }

    /** Rust's {@code char::is_whitespace}: the Unicode White_Space property. */
    static boolean isWhitespace(char c) {
        return (c >= 0x09 && c <= 0x0D) || c == 0x85 || Character.isSpaceChar(c);
    }
}
