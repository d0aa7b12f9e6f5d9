package dev.hcxmesh.model.tokenizer;

/** A {@code tokenizer.json} this tokenizer cannot read or does not support; names what was expected and found. */
public final class TokenizerFormatException extends RuntimeException {
    public TokenizerFormatException(String message) {
        super(message);
    }

    /** A field with a value other than the supported ones. */
    public static TokenizerFormatException unsupported(String field, String expected, Object found) {
        return new TokenizerFormatException("tokenizer.json " + field + ": expected " + expected + ", found " + found);
    }
}
