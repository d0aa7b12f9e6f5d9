package dev.hcxmesh.decoder.sampling;

import dev.hcxmesh.model.tokenizer.Vocabulary;
import java.util.Arrays;
import java.util.List;

/** Resolves the HCX end-of-turn tokens by their strings (§6.3): ids are read, never hard-coded. */
public final class StopTokens {
    /** The strings that end an assistant turn, in HCX-family order. */
    public static final List<String> DEFAULT = List.of("<|endofturn|>", "<|stop|>", "<|im_end|>", "<|endoftext|>");

    private StopTokens() {}

    /** Ids of {@code DEFAULT} present in the vocabulary (missing ones are skipped), ascending. */
    public static int[] resolve(Vocabulary vocab) {
        return resolve(vocab, DEFAULT);
    }

    public static int[] resolve(Vocabulary vocab, List<String> tokens) {
        return tokens.stream()
                .mapToInt(vocab::idOf)
                .filter(id -> id >= 0)
                .distinct()
                .sorted()
                .toArray();
    }

    static boolean contains(int[] sortedIds, int id) {
        return Arrays.binarySearch(sortedIds, id) >= 0;
    }
}
