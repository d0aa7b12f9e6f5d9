package dev.hcxmesh.decoder.vision;

import dev.hcxmesh.decoder.api.ChatTurn;
import dev.hcxmesh.events.v1.VisualEmbeddings;
import dev.hcxmesh.model.tensor.Bf16;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The rows of one visual item, filled from its {@code hcx.embeddings} chunks in any order (duplicates
 * ignored). Pure state; the caller serialises access.
 */
public final class EmbeddingRows {
    private final int tokens;
    private final int hidden;
    private final float[] values; // [tokens, hidden]
    private final boolean[] seen;
    private int remaining;

    /** Sized from the first chunk seen: {@code total_tokens}, {@code hidden}, {@code part_count}. */
    public EmbeddingRows(int tokens, int hidden, int parts) {
        if (tokens < 1 || hidden < 1 || parts < 1) {
            throw new IllegalArgumentException("embeddings need tokens, hidden and parts >= 1, found [" + tokens + ", "
                    + hidden + "] in " + parts);
        }
        this.tokens = tokens;
        this.hidden = hidden;
        this.values = new float[Math.multiplyExact(tokens, hidden)];
        this.seen = new boolean[parts];
        this.remaining = parts;
    }

    /** Rows for the item of {@code first}. */
    public static EmbeddingRows of(VisualEmbeddings first) {
        return new EmbeddingRows(first.getTotalTokens(), first.getHidden(), Math.max(1, first.getPartCount()));
    }

    /**
     * Adds one chunk; returns false for a duplicate part.
     *
     * @throws IllegalArgumentException when the chunk does not fit {@code [tokens, hidden]} or its data
     *     is not {@code token_count * hidden} values of its dtype
     */
    public boolean add(VisualEmbeddings e) {
        int p = e.getPartIndex();
        if (p < 0 || p >= seen.length) {
            throw new IllegalArgumentException("embedding part " + p + " of an item with " + seen.length + " parts");
        }
        if (seen[p]) {
            return false;
        }
        if (e.getHidden() != hidden
                || e.getTokenOffset() < 0
                || e.getTokenCount() < 0
                || e.getTokenOffset() + e.getTokenCount() > tokens) {
            throw new IllegalArgumentException("embedding part " + p + " [" + e.getTokenOffset() + "+"
                    + e.getTokenCount() + ", " + e.getHidden() + "] does not fit [" + tokens + ", " + hidden + "]");
        }
        byte[] data = e.getData().toByteArray();
        int n = e.getTokenCount() * hidden; // [token_count, hidden]
        int offset = e.getTokenOffset() * hidden;
        switch (e.getDtype()) {
            case "BF16" -> {
                requireBytes(p, data, n * 2L);
                Bf16.unpack(data, values, offset);
            }
            case "FP32", "F32" -> {
                requireBytes(p, data, n * 4L);
                ByteBuffer.wrap(data)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer()
                        .get(values, offset, n);
            }
            default ->
                throw new IllegalArgumentException(
                        "embedding part " + p + " has dtype '" + e.getDtype() + "', expected BF16 or FP32");
        }
        seen[p] = true;
        remaining--;
        return true;
    }

    private static void requireBytes(int part, byte[] data, long expected) {
        if (data.length != expected) {
            throw new IllegalArgumentException(
                    "embedding part " + part + " has " + data.length + " bytes, expected " + expected);
        }
    }

    public boolean complete() {
        return remaining == 0;
    }

    /** The assembled rows {@code [tokens, hidden]}; only once {@link #complete()}. */
    public ChatTurn.VisualEmbedding embedding() {
        if (!complete()) {
            throw new IllegalStateException(remaining + " of " + seen.length + " embedding parts still missing");
        }
        return new ChatTurn.VisualEmbedding(tokens, hidden, values);
    }
}
