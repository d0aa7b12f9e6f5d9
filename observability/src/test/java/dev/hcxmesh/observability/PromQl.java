package dev.hcxmesh.observability;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Metric names in a PromQL expression: identifiers that are not functions, keywords, label names
 * (inside braces or grouping clauses), durations or numbers. Enough for the expressions this module
 * writes; not a PromQL parser.
 */
final class PromQl {
    private PromQl() {}

    private static final Set<String> KEYWORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "offset",
            "bool",
            "and",
            "or",
            "unless",
            "inf",
            "nan",
            "atan2");
    private static final Pattern IDENT = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"") // string literals
                .replaceAll("\\{[^}]*}", " ") // label matchers
                .replaceAll("\\[[^]]*]", " ") // ranges and subqueries
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\$[a-zA-Z_]+", " "); // dashboard variables
        Set<String> names = new TreeSet<>();
        Matcher m = IDENT.matcher(s);
        while (m.find()) {
            String id = m.group();
            int end = m.end();
            while (end < s.length() && s.charAt(end) == ' ') {
                end++;
            }
            boolean function = end < s.length() && s.charAt(end) == '(';
            boolean numberPart = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1));
            if (!function && !numberPart && !KEYWORDS.contains(id.toLowerCase(java.util.Locale.ROOT))) {
                names.add(id);
            }
        }
        return names;
    }
}
