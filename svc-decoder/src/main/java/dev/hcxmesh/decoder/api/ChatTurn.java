package dev.hcxmesh.decoder.api;

import java.util.List;

/**
 * One chat message as the renderer sees it: a role and its content parts in order.
 *
 * @param role system, user, assistant (or an HCX role such as tool_list)
 */
public record ChatTurn(String role, List<Part> parts) {
    public ChatTurn {
        if (role == null || role.isBlank()) {
            throw new IllegalArgumentException("chat role must not be blank");
        }
        parts = List.copyOf(parts);
    }

    public static ChatTurn text(String role, String text) {
        return new ChatTurn(role, List.of(new Text(text)));
    }

    /** A content part. */
    public sealed interface Part {}

    /** Plain text. */
    public record Text(String text) implements Part {
        public Text {
            if (text == null) {
                throw new IllegalArgumentException("text part must not be null");
            }
        }
    }

    /**
     * An image already turned into visual embedding rows.
     *
     * @param embedding [rows, hidden] rows that replace the placeholder tokens
     */
    public record Image(VisualEmbedding embedding, String mimeType, String filename) implements Part {}

    /**
     * Visual embedding rows of one image.
     *
     * @param rows [count, hidden] row-major
     */
    public record VisualEmbedding(int count, int hidden, float[] rows) {
        public VisualEmbedding {
            if (count < 1 || hidden < 1 || rows.length != count * hidden) {
                throw new IllegalArgumentException("visual embedding needs rows [" + count + ", " + hidden + "], found "
                        + rows.length + " floats");
            }
        }
    }
}
