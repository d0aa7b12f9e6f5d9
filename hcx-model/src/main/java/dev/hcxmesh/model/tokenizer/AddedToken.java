package dev.hcxmesh.model.tokenizer;

/**
 * An entry of tokenizer.json {@code added_tokens}: matched whole in the input before pre-tokenization
 * and never split by BPE.
 *
 * @param id token id
 * @param content literal text
 * @param special special tokens ({@code <|im_end|>}...) are skipped by decode when asked to
 * @param lstrip the match swallows whitespace on its left
 * @param rstrip the match swallows whitespace on its right
 * @param normalized matched on normalized text (false: on the raw input)
 */
public record AddedToken(int id, String content, boolean special, boolean lstrip, boolean rstrip, boolean normalized) {
    public AddedToken {
        if (id < 0) {
            throw new IllegalArgumentException("added token id must be >= 0, got " + id);
        }
        if (content == null || content.isEmpty()) {
            throw new IllegalArgumentException("added token " + id + " has empty content");
        }
    }
}
