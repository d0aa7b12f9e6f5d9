package dev.hcxmesh.model.tokenizer;

/**
 * The GPT-2 byte-to-unicode map used by byte-level BPE: every byte value gets a printable code point so
 * that token strings never contain raw control bytes or spaces. Bytes {@code '!'..'~'}, {@code '¡'..'¬'}
 * and {@code '®'..'ÿ'} map to themselves; the remaining 68 bytes map to U+0100.. in byte order (space
 * becomes {@code 'Ġ'}, LF becomes {@code 'Ċ'}).
 */
public final class ByteLevel {
    private ByteLevel() {}

    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[512];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) next++;
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    /** The code point standing for byte {@code b} (0..255). */
    public static char charOf(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /** The byte a mapped char stands for, or -1 when {@code c} is not in the byte-level alphabet. */
    public static int byteOf(char c) {
        return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /** Maps raw bytes to their byte-level string (one char per byte). */
    public static String encode(byte[] bytes) {
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        }
        return new String(out);
    }

    /**
     * Maps a byte-level token string back to bytes, or returns null when a char is outside the alphabet
     * (Hugging Face then falls back to the token's own UTF-8 bytes).
     */
    public static byte[] decodeOrNull(String token) {
        byte[] out = new byte[token.length()];
        for (int i = 0; i < token.length(); i++) {
            int b = byteOf(token.charAt(i));
            if (b < 0) {
                return null;
            }
            out[i] = (byte) b;
        }
        return out;
    }
}
