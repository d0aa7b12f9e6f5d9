package dev.hcxmesh.model.prompt;

import java.util.List;

/**
 * Placeholder expansion after tokenization (HCX-MODEL-SPEC §4 "Splicing"): every image/video
 * placeholder id is repeated Q times, Q from {@code dev.hcxmesh.model.tokens.VisualTokens} (the one
 * token accounting; never re-derived here). The decoder then overwrites the embeddings at
 * {@code itemStarts[k] .. itemStarts[k] + itemLengths[k]} with item k's rows.
 */
public final class PromptTokens {
    private PromptTokens() {}

    /**
     * The expanded prompt.
     *
     * @param ids expanded ids
     * @param itemStarts position of item k's first row in {@code ids}, prompt order
     * @param itemLengths rows of item k (= its placeholder count)
     */
    public record Expansion(int[] ids, int[] itemStarts, int[] itemLengths) {
        public Expansion {
            if (itemStarts.length != itemLengths.length) {
                throw new IllegalArgumentException("itemStarts/itemLengths: expected equal lengths, found "
                        + itemStarts.length + " and " + itemLengths.length);
            }
        }

        /** Number of visual items. */
        public int items() {
            return itemStarts.length;
        }
    }

    /**
     * Expands placeholders.
     *
     * @param ids prompt ids with one placeholder per image/video
     * @param imageTokenId the image placeholder id ({@code <|dummy3|>})
     * @param videoTokenId the video placeholder id ({@code <|_unuse_missing_100270|>})
     * @param tokensPerItem Q for each placeholder in prompt order (images and videos interleaved as they occur)
     */
    public static Expansion expand(int[] ids, int imageTokenId, int videoTokenId, List<Integer> tokensPerItem) {
        int placeholders = 0;
        for (int id : ids) {
            if (id == imageTokenId || id == videoTokenId) {
                placeholders++;
            }
        }
        if (placeholders != tokensPerItem.size()) {
            throw new IllegalArgumentException("placeholders: expected " + tokensPerItem.size()
                    + " (one per item), found " + placeholders + " in the prompt ids");
        }
        long total = ids.length - placeholders;
        for (int k = 0; k < tokensPerItem.size(); k++) {
            int q = tokensPerItem.get(k);
            if (q < 1) {
                throw new IllegalArgumentException("item " + k + ": expected at least 1 token, found " + q);
            }
            total += q;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("expanded prompt too long: " + total + " ids");
        }
        int[] out = new int[(int) total];
        int[] starts = new int[placeholders];
        int[] lengths = new int[placeholders];
        int o = 0;
        int k = 0;
        for (int id : ids) {
            if (id == imageTokenId || id == videoTokenId) {
                int q = tokensPerItem.get(k);
                starts[k] = o;
                lengths[k] = q;
                java.util.Arrays.fill(out, o, o + q, id);
                o += q;
                k++;
            } else {
                out[o++] = id;
            }
        }
        return new Expansion(out, starts, lengths);
    }
}
