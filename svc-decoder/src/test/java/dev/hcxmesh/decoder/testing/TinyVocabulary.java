package dev.hcxmesh.decoder.testing;

import dev.hcxmesh.model.tokenizer.Vocabulary;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A byte-level test vocabulary: ids 0..255 are the single bytes, then multi-byte pieces (JSON
 * punctuation runs, words, a Korean character split across two tokens), then special tokens.
 * {@link #encode} is greedy longest-match, enough for prompts in tests.
 */
public final class TinyVocabulary implements Vocabulary {
    public static final List<String> PIECES = List.of(
            "{\"", "\":", "\": ", "\",", "\", \"", "\"}", "}}", "]}", "[\"", "\"]", "true", "false", "null", "fal",
            "se", "name", "age", "tags", "hello", " world", "Hello", "END", "EN", "D", "12", "3.5", "-1", "00", ", ",
            "\n", "ok", "red", "green", "\\n", "\\\"", "a\"", "x");
    public static final List<String> SPECIALS =
            List.of("<|im_start|>", "<|im_end|>", "<|endofturn|>", "<|stop|>", "<|endoftext|>", "<|dummy3|>");

    private final List<byte[]> tokens = new ArrayList<>();
    private final Map<String, Integer> byString = new HashMap<>();
    private final int firstSpecial;

    public TinyVocabulary() {
        for (int b = 0; b < 256; b++) {
            tokens.add(new byte[] {(byte) b});
        }
        byte[] han = "한".getBytes(StandardCharsets.UTF_8); // 3 bytes: split as [2] + [1]
        tokens.add(new byte[] {han[0], han[1]});
        tokens.add(new byte[] {han[2]});
        for (String p : PIECES) {
            byString.put(p, tokens.size());
            tokens.add(p.getBytes(StandardCharsets.UTF_8));
        }
        firstSpecial = tokens.size();
        for (String s : SPECIALS) {
            byString.put(s, tokens.size());
            tokens.add(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public int size() {
        return tokens.size();
    }

    @Override
    public byte[] tokenBytes(int id) {
        return tokens.get(id).clone();
    }

    @Override
    public boolean isSpecial(int id) {
        return id >= firstSpecial;
    }

    @Override
    public int idOf(String token) {
        Integer id = byString.get(token);
        if (id != null) {
            return id;
        }
        byte[] b = token.getBytes(StandardCharsets.UTF_8);
        return b.length == 1 ? b[0] & 0xFF : -1;
    }

    /** Greedy longest-match encoding of ordinary text (no special tokens). */
    public int[] encode(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        List<Integer> out = new ArrayList<>();
        int i = 0;
        while (i < b.length) {
            int best = b[i] & 0xFF;
            int bestLen = 1;
            for (int id = 256; id < firstSpecial; id++) {
                byte[] t = tokens.get(id);
                if (t.length > bestLen
                        && i + t.length <= b.length
                        && java.util.Arrays.equals(b, i, i + t.length, t, 0, t.length)) {
                    best = id;
                    bestLen = t.length;
                }
            }
            out.add(best);
            i += bestLen;
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Concatenated bytes of the ids, as UTF-8 text. */
    public String decode(int[] ids) {
        var bos = new java.io.ByteArrayOutputStream();
        for (int id : ids) {
            bos.writeBytes(tokens.get(id));
        }
        return bos.toString(StandardCharsets.UTF_8);
    }
}
