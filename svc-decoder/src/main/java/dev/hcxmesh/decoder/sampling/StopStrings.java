package dev.hcxmesh.decoder.sampling;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Incremental detokenizer with stop-string matching on the decoded bytes. Tokens are appended as
 * byte strings; text is released only when it can no longer be part of a stop string and forms
 * complete UTF-8 characters. A stop string may span any number of token boundaries; once matched,
 * the text before it is released and everything after it is dropped. Not thread-safe.
 */
public final class StopStrings {
    private final byte[][] stops;
    private byte[] pending = new byte[0];
    private boolean matched;
    private final Utf8Decoder utf8 = new Utf8Decoder();

    public StopStrings(List<String> stopStrings) {
        stops = new byte[stopStrings.size()][];
        for (int i = 0; i < stops.length; i++) {
            stops[i] = stopStrings.get(i).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** True once a stop string has been seen; further appends release nothing. */
    public boolean matched() {
        return matched;
    }

    /** Appends one token's bytes and returns the text that became safe to emit (maybe empty). */
    public String append(byte[] bytes) {
        if (matched) {
            return "";
        }
        byte[] buf = new byte[pending.length + bytes.length];
        System.arraycopy(pending, 0, buf, 0, pending.length);
        System.arraycopy(bytes, 0, buf, pending.length, bytes.length);
        int hit = firstMatch(buf);
        if (hit >= 0) {
            matched = true;
            pending = new byte[0];
            return utf8.decode(buf, 0, hit) + utf8.flush();
        }
        int hold = longestStopPrefixSuffix(buf);
        int release = buf.length - hold;
        pending = java.util.Arrays.copyOfRange(buf, release, buf.length);
        return utf8.decode(buf, 0, release);
    }

    /** At the end of the sequence: releases everything held back (no stop string completed). */
    public String flush() {
        if (matched) {
            return "";
        }
        String s = utf8.decode(pending, 0, pending.length) + utf8.flush();
        pending = new byte[0];
        return s;
    }

    private int firstMatch(byte[] buf) {
        int best = -1;
        for (byte[] s : stops) {
            int at = indexOf(buf, s);
            if (at >= 0 && (best < 0 || at < best)) {
                best = at;
            }
        }
        return best;
    }

    /** Length of the longest suffix of {@code buf} that is a proper prefix of some stop string. */
    private int longestStopPrefixSuffix(byte[] buf) {
        int best = 0;
        for (byte[] s : stops) {
            for (int len = Math.min(s.length - 1, buf.length); len > best; len--) {
                if (regionEquals(buf, buf.length - len, s, len)) {
                    best = len;
                    break;
                }
            }
        }
        return best;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static boolean regionEquals(byte[] a, int off, byte[] prefix, int len) {
        for (int j = 0; j < len; j++) {
            if (a[off + j] != prefix[j]) {
                return false;
            }
        }
        return true;
    }

    /** Decodes UTF-8 incrementally, holding back an incomplete trailing character. */
    static final class Utf8Decoder {
        private final ByteArrayOutputStream carry = new ByteArrayOutputStream();

        String decode(byte[] b, int off, int len) {
            carry.write(b, off, len);
            byte[] all = carry.toByteArray();
            int complete = completePrefix(all);
            carry.reset();
            carry.write(all, complete, all.length - complete);
            return new String(all, 0, complete, StandardCharsets.UTF_8);
        }

        String flush() {
            byte[] rest = carry.toByteArray();
            carry.reset();
            return new String(rest, StandardCharsets.UTF_8);
        }

        /** Length of the prefix that does not end inside a multi-byte character. */
        static int completePrefix(byte[] b) {
            int n = b.length;
            // walk back over at most 3 continuation bytes to the lead byte of the last character
            int i = n - 1;
            int cont = 0;
            while (i >= 0 && cont < 3 && (b[i] & 0xC0) == 0x80) {
                i--;
                cont++;
            }
            if (i < 0) {
                return n;
            }
            int lead = b[i] & 0xFF;
            int need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
            return need > cont ? i : n;
        }
    }
}
