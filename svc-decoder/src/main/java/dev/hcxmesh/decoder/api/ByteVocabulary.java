package dev.hcxmesh.decoder.api;

import dev.hcxmesh.model.tokenizer.Vocabulary;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The fallback vocabulary until the real tokenizer is wired: ids 0..255 are single bytes, then the
 * ChatML/HCX special tokens. Also a {@link TextEncoder} (UTF-8 bytes as ids).
 */
public final class ByteVocabulary implements Vocabulary, TextEncoder {
    private static final List<String> SPECIALS =
            List.of("<|im_start|>", "<|im_end|>", "<|endofturn|>", "<|stop|>", "<|endoftext|>", "<|dummy3|>");

    @Override
    public int size() {
        return 256 + SPECIALS.size();
    }

    @Override
    public byte[] tokenBytes(int id) {
        if (id < 0 || id >= size()) {
            throw new IndexOutOfBoundsException("token id " + id + " outside [0, " + size() + ")");
        }
        return id < 256 ? new byte[] {(byte) id} : SPECIALS.get(id - 256).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean isSpecial(int id) {
        return id >= 256;
    }

    @Override
    public int idOf(String token) {
        int i = SPECIALS.indexOf(token);
        if (i >= 0) {
            return 256 + i;
        }
        byte[] b = token.getBytes(StandardCharsets.UTF_8);
        return b.length == 1 ? b[0] & 0xFF : -1;
    }

    @Override
    public int[] encode(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            ids[i] = b[i] & 0xFF;
        }
        return ids;
    }
}
