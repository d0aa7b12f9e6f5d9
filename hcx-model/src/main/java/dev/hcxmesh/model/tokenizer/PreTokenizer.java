package dev.hcxmesh.model.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One step of the Hugging Face pre-tokenization pipeline: turns each piece of text into smaller pieces.
 * Supported: {@code Split} (regex or literal, every behaviour, inverted or not),
 * {@code ByteLevel} (prefix space, optional GPT-2 regex, the byte-to-unicode mapping) and
 * {@code Sequence} of those.
 */
public sealed interface PreTokenizer {

    /** Splits every piece; ByteLevel also maps pieces to the byte-level alphabet. */
    List<String> apply(List<String> pieces);

    /** True when this step (or a nested one) maps text to the byte-level alphabet. */
    boolean mapsBytes();

    /** The GPT-2 pattern ByteLevel uses when {@code use_regex} is true. */
    String GPT2_PATTERN = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    /** Parses the {@code pre_tokenizer} node of tokenizer.json. */
    static PreTokenizer parse(JsonNode node) {
        if (node == null || node.isNull()) {
            throw TokenizerFormatException.unsupported("pre_tokenizer", "ByteLevel, Split or Sequence", "null");
        }
        String type = node.path("type").asText();
        return switch (type) {
            case "Sequence" -> {
                List<PreTokenizer> steps = new ArrayList<>();
                for (JsonNode child : node.path("pretokenizers")) {
                    steps.add(parse(child));
                }
                yield new Sequence(List.copyOf(steps));
            }
            case "Split" -> {
                JsonNode pattern = node.path("pattern");
                Pattern p;
                if (pattern.has("Regex")) {
                    p = compileOnig(pattern.get("Regex").asText());
                } else if (pattern.has("String")) {
                    p = Pattern.compile(Pattern.quote(pattern.get("String").asText()));
                } else {
                    throw TokenizerFormatException.unsupported("Split.pattern", "Regex or String", pattern);
                }
                yield new Split(
                        p,
                        Behavior.parse(node.path("behavior").asText()),
                        node.path("invert").asBoolean(false));
            }
            case "ByteLevel" ->
                new ByteLevelStep(
                        node.path("add_prefix_space").asBoolean(true),
                        node.path("use_regex").asBoolean(true));
            default ->
                throw TokenizerFormatException.unsupported("pre_tokenizer.type", "ByteLevel, Split or Sequence", type);
        };
    }

    /**
     * Compiles a pattern written for Oniguruma (what Hugging Face uses) with java.util.regex. The
     * cl100k/GPT-2 constructs ({@code \p{L}}, {@code \p{N}}, {@code (?i:...)}, possessive quantifiers,
     * lookahead) have the same meaning; {@code \s}, {@code \d}, {@code \w} are Unicode-aware in
     * Oniguruma, hence UNICODE_CHARACTER_CLASS, and {@code .} excludes only LF, hence UNIX_LINES.
     * {@code ^}/{@code $} are line anchors in Ruby syntax, hence MULTILINE. Constructs that differ
     * are rewritten by {@link OnigTranslator}.
     */
    static Pattern compileOnig(String onig) {
        return Pattern.compile(
                OnigTranslator.toJava(onig), Pattern.UNICODE_CHARACTER_CLASS | Pattern.UNIX_LINES | Pattern.MULTILINE);
    }

    /** How Split treats the matched delimiters. */
    enum Behavior {
        ISOLATED,
        REMOVED,
        MERGED_WITH_PREVIOUS,
        MERGED_WITH_NEXT,
        CONTIGUOUS;

        static Behavior parse(String name) {
            return switch (name) {
                case "Isolated" -> ISOLATED;
                case "Removed" -> REMOVED;
                case "MergedWithPrevious" -> MERGED_WITH_PREVIOUS;
                case "MergedWithNext" -> MERGED_WITH_NEXT;
                case "Contiguous" -> CONTIGUOUS;
                default ->
                    throw TokenizerFormatException.unsupported(
                            "Split.behavior",
                            "Isolated, Removed, MergedWithPrevious, MergedWithNext or Contiguous",
                            name);
            };
        }
    }

    /**
     * Regex split of every piece, following Hugging Face's {@code split}: the text is cut into
     * alternating gaps and matches; matches are the delimiters (gaps when {@code invert}); the behaviour
     * decides what happens to delimiters; empty pieces are dropped.
     */
    record Split(Pattern pattern, Behavior behavior, boolean invert) implements PreTokenizer {
        @Override
        public List<String> apply(List<String> pieces) {
            List<String> out = new ArrayList<>();
            for (String piece : pieces) {
                split(piece, pattern, behavior, invert, out);
            }
            return out;
        }

        @Override
        public boolean mapsBytes() {
            return false;
        }

        static void split(String s, Pattern pattern, Behavior behavior, boolean invert, List<String> out) {
            // [start, end, isDelimiter] covering s in order
            List<int[]> segs = new ArrayList<>();
            Matcher m = pattern.matcher(s);
            int last = 0;
            while (m.find()) {
                if (m.start() == m.end()) {
                    continue;
                }
                if (m.start() > last) {
                    segs.add(new int[] {last, m.start(), invert ? 1 : 0});
                }
                segs.add(new int[] {m.start(), m.end(), invert ? 0 : 1});
                last = m.end();
            }
            if (last < s.length()) {
                segs.add(new int[] {last, s.length(), invert ? 1 : 0});
            }
            List<int[]> pieces = new ArrayList<>(); // [start, end]
            switch (behavior) {
                case ISOLATED -> segs.forEach(g -> pieces.add(new int[] {g[0], g[1]}));
                case REMOVED -> segs.stream().filter(g -> g[2] == 0).forEach(g -> pieces.add(new int[] {g[0], g[1]}));
                case MERGED_WITH_PREVIOUS -> {
                    boolean previousDelimiter = false;
                    for (int[] g : segs) {
                        if (g[2] == 1 && !previousDelimiter && !pieces.isEmpty()) {
                            pieces.getLast()[1] = g[1];
                        } else {
                            pieces.add(new int[] {g[0], g[1]});
                        }
                        previousDelimiter = g[2] == 1;
                    }
                }
                case MERGED_WITH_NEXT -> {
                    boolean nextDelimiter = false;
                    for (int i = segs.size() - 1; i >= 0; i--) {
                        int[] g = segs.get(i);
                        if (g[2] == 1 && !nextDelimiter && !pieces.isEmpty()) {
                            pieces.getLast()[0] = g[0];
                        } else {
                            pieces.add(new int[] {g[0], g[1]});
                        }
                        nextDelimiter = g[2] == 1;
                    }
                    java.util.Collections.reverse(pieces);
                }
                case CONTIGUOUS -> {
                    boolean previousDelimiter = false;
                    for (int[] g : segs) {
                        if ((g[2] == 1) == previousDelimiter && !pieces.isEmpty()) {
                            pieces.getLast()[1] = g[1];
                        } else {
                            pieces.add(new int[] {g[0], g[1]});
                        }
                        previousDelimiter = g[2] == 1;
                    }
                }
            }
            for (int[] p : pieces) {
                if (p[1] > p[0]) {
                    out.add(s.substring(p[0], p[1]));
                }
            }
        }
    }

    /**
     * ByteLevel pre-tokenizer: optional leading space per piece, optional GPT-2 regex split, then the
     * UTF-8 bytes of every piece mapped through {@link ByteLevel}.
     */
    record ByteLevelStep(boolean addPrefixSpace, boolean useRegex) implements PreTokenizer {
        private static final Pattern GPT2 = compileOnig(GPT2_PATTERN);

        @Override
        public List<String> apply(List<String> pieces) {
            List<String> out = new ArrayList<>();
            for (String piece : pieces) {
                String p = addPrefixSpace && !piece.startsWith(" ") ? " " + piece : piece;
                if (useRegex) {
                    List<String> parts = new ArrayList<>();
                    Split.split(p, GPT2, Behavior.ISOLATED, false, parts);
                    for (String part : parts) {
                        out.add(ByteLevel.encode(part.getBytes(StandardCharsets.UTF_8)));
                    }
                } else if (!p.isEmpty()) {
                    out.add(ByteLevel.encode(p.getBytes(StandardCharsets.UTF_8)));
                }
            }
            return out;
        }

        @Override
        public boolean mapsBytes() {
            return true;
        }
    }

    /** Steps applied in order. */
    record Sequence(List<PreTokenizer> steps) implements PreTokenizer {
        @Override
        public List<String> apply(List<String> pieces) {
            List<String> current = pieces;
            for (PreTokenizer step : steps) {
                current = step.apply(current);
            }
            return current;
        }

        @Override
        public boolean mapsBytes() {
            return steps.stream().anyMatch(PreTokenizer::mapsBytes);
        }
    }
}
