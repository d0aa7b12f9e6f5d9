package dev.hcxmesh.model.prompt;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON text exactly as Python's {@code json.dumps(x, ensure_ascii=False)} writes it, which is what
 * Hugging Face's chat-template {@code tojson} filter produces: separators {@code ", "} and
 * {@code ": "}, non-ASCII kept raw, quote, backslash, LF, CR, tab, BS and FF escaped, other control characters as
 * lowercase {@code backslash-u00xx}.
 */
public final class JsonText {
    private JsonText() {}

    /** A quoted JSON string. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        appendQuoted(sb, s);
        return sb.toString();
    }

    /** Any of: null, Boolean, Number, CharSequence, Map (insertion order), List/array-like Iterable. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        append(sb, value);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Object v) {
        switch (v) {
            case null -> sb.append("null");
            case Boolean b -> sb.append(b ? "true" : "false");
            case Integer i -> sb.append(i);
            case Long l -> sb.append(l);
            case Number n -> sb.append(pythonFloat(n.doubleValue()));
            case CharSequence cs -> appendQuoted(sb, cs.toString());
            case Map<?, ?> m -> {
                sb.append('{');
                Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
                while (it.hasNext()) {
                    Map.Entry<?, ?> e = it.next();
                    appendQuoted(sb, String.valueOf(e.getKey()));
                    sb.append(": ");
                    append(sb, e.getValue());
                    if (it.hasNext()) {
                        sb.append(", ");
                    }
                }
                sb.append('}');
            }
            case Iterable<?> list -> {
                sb.append('[');
                boolean first = true;
                for (Object o : list) {
                    if (!first) {
                        sb.append(", ");
                    }
                    append(sb, o);
                    first = false;
                }
                sb.append(']');
            }
            case Object[] arr -> append(sb, List.of(arr));
            default -> appendQuoted(sb, v.toString());
        }
    }

    private static String pythonFloat(double d) {
        if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e16) {
            return (long) d + ".0";
        }
        return Double.toString(d);
    }

    private static void appendQuoted(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
