package dev.hcxmesh.model.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-level BPE compatible with Hugging Face {@code tokenizers} for the GPT-2 / cl100k family: reads
 * {@code tokenizer.json} ({@code model} BPE with {@code vocab} and {@code merges} in either form,
 * {@code pre_tokenizer} Split/ByteLevel/Sequence, {@code added_tokens}, {@code decoder} ByteLevel).
 *
 * <p>Encoding: added tokens are cut out whole first (never normalized unless flagged, never split),
 * the rest is normalized, pre-tokenized and each piece merged by rank (lowest rank first, leftmost on
 * ties), exactly the order of Hugging Face's heap-based merge loop. No template or BOS is added.
 *
 * <p>Thread-safe after construction; the piece cache is a bounded concurrent map.
 */
public final class BpeTokenizer implements Vocabulary {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CACHE_LIMIT = 20_000;
    private static final int CACHE_MAX_PIECE = 256;

    private final String[] idToToken; // byte-level strings for model tokens, literal content for added
    private final Map<String, Integer> vocab; // model vocab
    private final Map<String, Integer> allTokens; // model vocab + added tokens
    private final Map<Long, Long> merges; // (left id << 32 | right id) -> (rank << 32 | merged id)
    private final AddedToken[] added; // by id, null for model tokens
    private final AddedTokenMatcher rawMatcher; // added tokens matched on raw text
    private final AddedTokenMatcher normalizedMatcher; // added tokens matched after normalization
    private final TextNormalizer normalizer;
    private final PreTokenizer preTokenizer;
    private final boolean ignoreMerges;
    private final int unkId;
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();
    private final int[] byteCharIds = new int[512]; // byte-level char -> id of its one-char token, or -1

    private BpeTokenizer(JsonNode root) {
        JsonNode model = root.path("model");
        String modelType = model.path("type").asText("BPE");
        if (!modelType.equals("BPE")) {
            throw TokenizerFormatException.unsupported("model.type", "BPE", modelType);
        }
        requireNull(model, "continuing_subword_prefix");
        requireNull(model, "end_of_word_suffix");
        if (model.path("byte_fallback").asBoolean(false)) {
            throw TokenizerFormatException.unsupported("model.byte_fallback", "false", true);
        }
        JsonNode dropout = model.path("dropout");
        if (!dropout.isMissingNode() && !dropout.isNull() && dropout.asDouble() != 0.0) {
            throw TokenizerFormatException.unsupported("model.dropout", "null", dropout);
        }
        this.ignoreMerges = model.path("ignore_merges").asBoolean(false);

        Map<String, Integer> v = new HashMap<>();
        int maxId = -1;
        for (Iterator<Map.Entry<String, JsonNode>> it = model.path("vocab").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int id = e.getValue().asInt();
            v.put(e.getKey(), id);
            maxId = Math.max(maxId, id);
        }
        List<JsonNode> addedNodes = new ArrayList<>();
        root.path("added_tokens").forEach(addedNodes::add);
        int[] addedIds = AddedToken.huggingFaceIds(
                v, addedNodes.stream().map(t -> t.path("content").asText()).toList());
        List<AddedToken> addedList = new ArrayList<>();
        for (int i = 0; i < addedIds.length; i++) {
            JsonNode t = addedNodes.get(i);
            String content = t.path("content").asText();
            if (t.path("single_word").asBoolean(false)) {
                throw TokenizerFormatException.unsupported("added_tokens[" + content + "].single_word", "false", true);
            }
            if (addedIds[i] != t.path("id").asInt()) {
                System.getLogger(BpeTokenizer.class.getName())
                        .log(
                                System.Logger.Level.WARNING,
                                "added token {0} declares id {1} but gets id {2}," + " as in Hugging Face tokenizers",
                                content,
                                t.path("id").asInt(),
                                addedIds[i]);
            }
            AddedToken a = new AddedToken(
                    addedIds[i],
                    content,
                    t.path("special").asBoolean(false),
                    t.path("lstrip").asBoolean(false),
                    t.path("rstrip").asBoolean(false),
                    t.path("normalized").asBoolean(!t.path("special").asBoolean(false)));
            addedList.add(a);
            maxId = Math.max(maxId, a.id());
        }
        this.vocab = Map.copyOf(v);
        this.idToToken = new String[maxId + 1];
        this.added = new AddedToken[maxId + 1];
        Map<String, Integer> all = new HashMap<>(v);
        v.forEach((tok, id) -> idToToken[id] = tok);
        for (AddedToken a : addedList) {
            idToToken[a.id()] = a.content();
            added[a.id()] = a;
            all.put(a.content(), a.id());
        }
        this.allTokens = Map.copyOf(all);
        this.rawMatcher = new AddedTokenMatcher(
                addedList.stream().filter(a -> !a.normalized()).toList());
        this.normalizedMatcher = new AddedTokenMatcher(
                addedList.stream().filter(AddedToken::normalized).toList());

        this.merges = new HashMap<>();
        int rank = 0;
        for (JsonNode m : model.path("merges")) {
            String left;
            String right;
            if (m.isArray()) {
                left = m.get(0).asText();
                right = m.get(1).asText();
            } else {
                String s = m.asText();
                int sp = s.indexOf(' ');
                if (sp <= 0 || s.indexOf(' ', sp + 1) >= 0) {
                    throw new TokenizerFormatException(
                            "merge " + rank + ": expected \"left right\", found \"" + s + "\"");
                }
                left = s.substring(0, sp);
                right = s.substring(sp + 1);
            }
            Integer l = v.get(left);
            Integer r = v.get(right);
            Integer merged = v.get(left + right);
            if (l == null || r == null || merged == null) {
                throw new TokenizerFormatException("merge " + rank + " (" + left + " + " + right
                        + "): expected all three tokens in model.vocab, missing "
                        + (l == null ? left : r == null ? right : left + right));
            }
            // a duplicated pair keeps its last rank, as Hugging Face collects merges into a map
            merges.put(pairKey(l, r), ((long) rank << 32) | merged);
            rank++;
        }
        JsonNode unk = model.path("unk_token");
        Arrays.fill(byteCharIds, -1);
        for (int b = 0; b < 256; b++) {
            char c = ByteLevel.charOf(b);
            byteCharIds[c] = v.getOrDefault(String.valueOf(c), -1);
        }
        this.unkId = unk.isTextual() && v.containsKey(unk.asText()) ? v.get(unk.asText()) : -1;

        this.normalizer = TextNormalizer.parse(root.get("normalizer"));
        this.preTokenizer = PreTokenizer.parse(root.get("pre_tokenizer"));
        if (!preTokenizer.mapsBytes()) {
            throw TokenizerFormatException.unsupported(
                    "pre_tokenizer", "a ByteLevel step (byte-level BPE)", root.get("pre_tokenizer"));
        }
        JsonNode decoder = root.path("decoder");
        if (!decoder.isMissingNode()
                && !decoder.isNull()
                && !decoder.path("type").asText().equals("ByteLevel")) {
            throw TokenizerFormatException.unsupported("decoder.type", "ByteLevel", decoder.path("type"));
        }
    }

    /** Loads {@code tokenizer.json} (the file, or a directory holding it). */
    public static BpeTokenizer load(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve("tokenizer.json") : path;
        try {
            return new BpeTokenizer(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Parses tokenizer.json text. */
    public static BpeTokenizer fromJson(String json) {
        try {
            return new BpeTokenizer(JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse tokenizer.json", e);
        }
    }

    // ---------------------------------------------------------------- encode

    /** Token ids of {@code text}; added/special tokens in the text are recognised; nothing is prepended. */
    public int[] encode(String text) {
        IntList out = new IntList(Math.max(16, text.length() / 3));
        for (AddedTokenMatcher.Segment raw : rawMatcher.split(text)) {
            if (raw.isToken()) {
                out.add(raw.tokenId());
                continue;
            }
            String normalized = normalizer.apply(raw.text());
            for (AddedTokenMatcher.Segment seg : normalizedMatcher.split(normalized)) {
                if (seg.isToken()) {
                    out.add(seg.tokenId());
                } else {
                    for (String piece : preTokenizer.apply(List.of(seg.text()))) {
                        out.addAll(bpe(piece));
                    }
                }
            }
        }
        return out.toArray();
    }

    /** Token strings of {@code text} (byte-level strings; added tokens as their content). For debugging. */
    public List<String> tokens(String text) {
        return Arrays.stream(encode(text)).mapToObj(id -> idToToken[id]).toList();
    }

    /** BPE of one byte-level piece. */
    private int[] bpe(String piece) {
        int[] cached = cache.get(piece);
        if (cached != null) {
            return cached;
        }
        int[] ids = merge(piece);
        if (piece.length() <= CACHE_MAX_PIECE && cache.size() < CACHE_LIMIT) {
            cache.put(piece, ids);
        }
        return ids;
    }

    private int[] merge(String piece) {
        if (ignoreMerges) {
            Integer whole = vocab.get(piece);
            if (whole != null) {
                return new int[] {whole};
            }
        }
        int n = piece.length();
        int[] sym = new int[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        boolean[] dead = new boolean[n];
        for (int i = 0; i < n; i++) {
            char ch = piece.charAt(i);
            int id = ch < byteCharIds.length ? byteCharIds[ch] : -1;
            if (id < 0) {
                if (unkId < 0) {
                    throw new TokenizerFormatException("byte-level char U+" + Integer.toHexString(piece.charAt(i))
                            + " has no vocab entry and no unk_token");
                }
                id = unkId;
            }
            sym[i] = id;
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        // entries: rank, pos, left id, right id, merged id; min rank first, then leftmost position
        PriorityQueue<long[]> queue =
                new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        for (int i = 0; i + 1 < n; i++) {
            offer(queue, i, sym[i], sym[i + 1]);
        }
        int alive = n;
        while (!queue.isEmpty()) {
            long[] top = queue.poll();
            int pos = (int) top[1];
            if (dead[pos] || next[pos] < 0) {
                continue;
            }
            int right = next[pos];
            if (sym[pos] != (int) top[2] || sym[right] != (int) top[3]) {
                continue; // stale: one side was merged since this entry was queued
            }
            sym[pos] = (int) top[4];
            dead[right] = true;
            alive--;
            next[pos] = next[right];
            if (next[pos] >= 0) {
                prev[next[pos]] = pos;
                offer(queue, pos, sym[pos], sym[next[pos]]);
            }
            if (prev[pos] >= 0) {
                offer(queue, prev[pos], sym[prev[pos]], sym[pos]);
            }
        }
        int[] out = new int[alive];
        int k = 0;
        for (int i = 0; i >= 0; i = next[i]) {
            out[k++] = sym[i];
        }
        return out;
    }

    private void offer(PriorityQueue<long[]> queue, int pos, int left, int right) {
        Long m = merges.get(pairKey(left, right));
        if (m != null) {
            queue.add(new long[] {m >>> 32, pos, left, right, m & 0xFFFFFFFFL});
        }
    }

    private static long pairKey(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    // ---------------------------------------------------------------- decode

    /** Text of {@code ids}; special tokens are kept as their literal text. Invalid UTF-8 becomes U+FFFD. */
    public String decode(int[] ids) {
        return decode(ids, false);
    }

    /** Text of {@code ids}, optionally dropping special tokens (Hugging Face {@code skip_special_tokens}). */
    public String decode(int[] ids, boolean skipSpecial) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(ids.length * 4);
        for (int id : ids) {
            if (skipSpecial && isSpecial(id)) {
                continue;
            }
            bytes.writeBytes(tokenBytes(id));
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** A streaming decoder over this vocabulary. */
    public IncrementalDecoder incrementalDecoder(boolean skipSpecial) {
        return new IncrementalDecoder(this, skipSpecial);
    }

    // ---------------------------------------------------------------- Vocabulary

    @Override
    public int size() {
        return idToToken.length;
    }

    @Override
    public byte[] tokenBytes(int id) {
        if (id < 0 || id >= idToToken.length || idToToken[id] == null) {
            return new byte[0]; // like Hugging Face decode: ids without an entry (embedding padding rows) vanish
        }
        String token = idToToken[id];
        if (added[id] == null) {
            byte[] b = ByteLevel.decodeOrNull(token);
            if (b != null) {
                return b;
            }
        }
        return token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean isSpecial(int id) {
        return id >= 0 && id < added.length && added[id] != null && added[id].special();
    }

    @Override
    public int idOf(String token) {
        Integer id = allTokens.get(token);
        return id == null ? -1 : id;
    }

    /** The raw token string of {@code id} (byte-level alphabet for model tokens). */
    public String token(int id) {
        if (id < 0 || id >= idToToken.length || idToToken[id] == null) {
            throw new IllegalArgumentException(
                    "token id out of range: expected 0.." + (idToToken.length - 1) + " with an entry, found " + id);
        }
        return idToToken[id];
    }

    /** The added tokens, by id order. */
    public List<AddedToken> addedTokens() {
        return Arrays.stream(added).filter(a -> a != null).toList();
    }

    /** The id of a token that must exist (special tokens the prompt relies on). */
    public int requireId(String token) {
        int id = idOf(token);
        if (id < 0) {
            throw new IllegalArgumentException("token " + token + ": expected in the vocabulary, not found");
        }
        return id;
    }

    private static void requireNull(JsonNode model, String field) {
        JsonNode n = model.path(field);
        if (!n.isMissingNode() && !n.isNull() && !n.asText().isEmpty()) {
            throw TokenizerFormatException.unsupported("model." + field, "null", n);
        }
    }

    /** Minimal growable int array. */
    private static final class IntList {
        private int[] a;
        private int n;

        IntList(int cap) {
            a = new int[cap];
        }

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        void addAll(int[] vs) {
            if (n + vs.length > a.length) {
                a = Arrays.copyOf(a, Math.max(a.length * 2, n + vs.length));
            }
            System.arraycopy(vs, 0, a, n, vs.length);
            n += vs.length;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
