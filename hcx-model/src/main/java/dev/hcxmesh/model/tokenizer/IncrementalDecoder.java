package dev.hcxmesh.model.tokenizer;

import java.nio.charset.StandardCharsets;

/**
 * Streaming detokenizer: accepts ids one at a time and returns only text made of complete UTF-8
 * sequences, holding back the bytes of a character that is still incomplete (a Hangul syllable is
 * three bytes and byte-level BPE can split it across tokens). Bytes that can never become valid are
 * emitted as U+FFFD as soon as that is certain. Not thread-safe: one per stream.
 */
public final class IncrementalDecoder {
    private final Vocabulary vocabulary;
    private final boolean skipSpecial;
    private byte[] pending = new byte[0];

    /** @param skipSpecial drop special tokens from the text */
    public IncrementalDecoder(Vocabulary vocabulary, boolean skipSpecial) {
        this.vocabulary = vocabulary;
        this.skipSpecial = skipSpecial;
    }

    /** Adds one token; returns the text that became complete (possibly empty). */
    public String push(int id) {
        if (skipSpecial && vocabulary.isSpecial(id)) {
            return "";
        }
        return pushBytes(vocabulary.tokenBytes(id));
    }

    /** Adds raw bytes; returns the text that became complete (possibly empty). */
    public String pushBytes(byte[] bytes) {
        byte[] all = new byte[pending.length + bytes.length];
        System.arraycopy(pending, 0, all, 0, pending.length);
        System.arraycopy(bytes, 0, all, pending.length, bytes.length);
        int keep = incompleteTail(all);
        int cut = all.length - keep;
        pending = java.util.Arrays.copyOfRange(all, cut, all.length);
        return new String(all, 0, cut, StandardCharsets.UTF_8);
    }

    /** Ends the stream: returns whatever is held back (an incomplete character becomes U+FFFD). */
    public String flush() {
        String s = new String(pending, StandardCharsets.UTF_8);
        pending = new byte[0];
        return s;
    }

    /** Bytes still held back. */
    public int pendingBytes() {
        return pending.length;
    }

    /**
     * Length of the trailing bytes that start a UTF-8 sequence which may still be completed: a lead
     * byte in the last three positions whose sequence is longer than what follows it, with only
     * continuation bytes after it.
     */
    static int incompleteTail(byte[] b) {
        int n = b.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int v = b[n - back] & 0xFF;
            if ((v & 0xC0) == 0x80) {
                continue; // continuation byte: keep looking for its lead
            }
            int need = v >= 0xF0 && v <= 0xF4 ? 4 : v >= 0xE0 && v <= 0xEF ? 3 : v >= 0xC2 && v <= 0xDF ? 2 : 1;
            return need > back ? back : 0;
        }
        return 0;
    }
}
