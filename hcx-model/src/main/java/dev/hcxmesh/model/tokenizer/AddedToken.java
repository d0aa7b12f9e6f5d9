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

    /**
     * The ids Hugging Face gives added tokens when it loads tokenizer.json: the declared ids are not
     * used (a mismatch is only a warning there). In order, a content already added keeps its id, a
     * content in the model vocab takes the model's id, anything else gets the next id: the model vocab
     * size for the first, then one past the largest added id once that reaches the vocab size.
     *
     * @param modelVocab model.vocab (its size is Hugging Face's {@code get_vocab_size()})
     * @param contents added token contents in file order
     */
    public static int[] huggingFaceIds(java.util.Map<String, Integer> modelVocab, java.util.List<String> contents) {
        int vocabCount = modelVocab.size();
        java.util.Map<String, Integer> assigned = new java.util.HashMap<>();
        int max = -1;
        int[] ids = new int[contents.size()];
        for (int i = 0; i < ids.length; i++) {
            String c = contents.get(i);
            Integer id = assigned.get(c);
            if (id == null) {
                id = modelVocab.get(c);
            }
            if (id == null) {
                id = assigned.isEmpty() ? vocabCount : (max >= vocabCount || vocabCount == 0 ? max + 1 : vocabCount);
            }
            assigned.put(c, id);
            max = Math.max(max, id);
            ids[i] = id;
        }
        return ids;
    }
}
