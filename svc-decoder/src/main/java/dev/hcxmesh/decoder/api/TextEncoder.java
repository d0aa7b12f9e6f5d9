package dev.hcxmesh.decoder.api;

/** Encodes ordinary text (never special tokens) into token ids: the tokenizer as the renderer needs it. */
@FunctionalInterface
public interface TextEncoder {
    int[] encode(String text);
}
