package dev.hcxmesh.model.tokenizer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the Oniguruma (Ruby syntax) constructs whose meaning differs in java.util.regex:
 *
 * <ul>
 *   <li>{@code X{n,m}+} is NOT possessive in Ruby syntax: it is the interval repeated one or more
 *       times, {@code (?:X{n,m})+}. tiktoken's {@code \p{N}{1,3}+} therefore matches a whole digit
 *       run in Hugging Face, while Java would read it as possessive {1,3}.
 *   <li>{@code {,n}} means {@code {0,n}}; a {@code {} that starts no interval is a literal brace.
 *   <li>{@code \h}/{@code \H} are hex digit / non-hex digit (Java: horizontal whitespace).
 * </ul>
 */
final class OnigTranslator {
    private OnigTranslator() {}

    private static final Pattern INTERVAL = Pattern.compile("\\{(\\d*)(,(\\d*))?}");

    static String toJava(String onig) {
        StringBuilder out = new StringBuilder(onig.length() + 16);
        Deque<Integer> groups = new ArrayDeque<>();
        int atomStart = -1; // output index where the last complete atom starts
        int i = 0;
        int n = onig.length();
        while (i < n) {
            char c = onig.charAt(i);
            switch (c) {
                case '\\' -> {
                    int start = out.length();
                    i = escape(onig, i, out, false);
                    atomStart = start;
                    continue;
                }
                case '[' -> {
                    int start = out.length();
                    i = charClass(onig, i, out);
                    atomStart = start;
                    continue;
                }
                case '(' -> {
                    groups.push(out.length());
                    out.append(c);
                    atomStart = -1;
                    i++;
                    continue;
                }
                case ')' -> {
                    out.append(c);
                    atomStart = groups.isEmpty() ? -1 : groups.pop();
                    i++;
                    continue;
                }
                case '{' -> {
                    Matcher m = INTERVAL.matcher(onig).region(i, n);
                    boolean valid = m.lookingAt()
                            && !(m.group(1).isEmpty() && m.group(2) == null)
                            && !(m.group(1).isEmpty()
                                    && m.group(3) != null
                                    && m.group(3).isEmpty());
                    if (!valid || atomStart < 0) {
                        out.append("\\{");
                        atomStart = out.length() - 2;
                        i++;
                        continue;
                    }
                    String interval = m.group(1).isEmpty() ? "{0" + m.group(2) + "}" : m.group();
                    int end = m.end();
                    if (end < n && onig.charAt(end) == '+') {
                        out.insert(atomStart, "(?:");
                        out.append(interval).append(")+");
                        end++;
                    } else {
                        out.append(interval);
                    }
                    atomStart = -1;
                    i = end;
                    continue;
                }
                case '*', '+', '?', '|', '^', '$' -> {
                    out.append(c);
                    atomStart = -1;
                    i++;
                    continue;
                }
                default -> {
                    atomStart = out.length();
                    out.append(c);
                    i++;
                }
            }
        }
        return out.toString();
    }

    /** Copies one escape starting at {@code i}; returns the index after it. */
    private static int escape(String s, int i, StringBuilder out, boolean inClass) {
        if (i + 1 >= s.length()) {
            out.append('\\');
            return i + 1;
        }
        char e = s.charAt(i + 1);
        if ((e == 'p' || e == 'P' || e == 'x') && i + 2 < s.length() && s.charAt(i + 2) == '{') {
            int close = s.indexOf('}', i + 2);
            int end = close < 0 ? s.length() : close + 1;
            out.append(s, i, end);
            return end;
        }
        if (e == 'h') {
            out.append(inClass ? "0-9a-fA-F" : "[0-9a-fA-F]");
            return i + 2;
        }
        if (e == 'H' && !inClass) {
            out.append("[^0-9a-fA-F]");
            return i + 2;
        }
        out.append(s, i, i + 2);
        return i + 2;
    }

    /** Copies a bracket class (nested classes allowed) starting at {@code i}; returns the index after it. */
    private static int charClass(String s, int i, StringBuilder out) {
        int depth = 0;
        int j = i;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (c == '\\') {
                j = escape(s, j, out, true);
                continue;
            }
            if (c == '[') {
                depth++;
                out.append(c);
                j++;
                // a ']' right after '[' or '[^' is a literal
                if (j < s.length() && s.charAt(j) == '^') {
                    out.append('^');
                    j++;
                }
                if (j < s.length() && s.charAt(j) == ']') {
                    out.append("\\]");
                    j++;
                }
                continue;
            }
            out.append(c);
            j++;
            if (c == ']' && --depth == 0) {
                return j;
            }
        }
        return j;
    }
}
