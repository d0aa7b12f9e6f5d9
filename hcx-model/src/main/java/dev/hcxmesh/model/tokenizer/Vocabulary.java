package dev.hcxmesh.model.tokenizer;

/**
 * The token table as bytes: what constrained decoding and stop-string matching need from a tokenizer.
 */
public interface Vocabulary {

    /** Number of ids (including added and special tokens). */
    int size();

    /** The UTF-8 bytes the token decodes to (special tokens: their literal text). */
    byte[] tokenBytes(int id);

    /** True for added special tokens ({@code <|im_end|>}, placeholders...), which never appear in free text. */
    boolean isSpecial(int id);

    /** The id of an exact token string, or -1. */
    int idOf(String token);
}
