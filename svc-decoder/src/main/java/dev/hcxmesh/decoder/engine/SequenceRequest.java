package dev.hcxmesh.decoder.engine;

import java.time.Instant;
import java.util.List;

/**
 * One sequence to generate.
 *
 * @param id request id (for logs, cancellation, metrics)
 * @param promptIds prompt token ids, placeholders already expanded to one id per visual row
 * @param splices visual embedding rows that replace the input embeddings at given positions
 * @param selector picks each next token from the logits (sampling, constraints, stops)
 * @param maxNewTokens generation budget
 * @param priority higher first when the engine has to choose (moderation before bulk tagging)
 * @param tenant fairness key
 * @param deadline null for none; the engine finishes the sequence with DEADLINE when it passes
 */
public record SequenceRequest(
        String id,
        int[] promptIds,
        List<EmbeddingSplice> splices,
        TokenSelector selector,
        int maxNewTokens,
        int priority,
        String tenant,
        Instant deadline) {

    public SequenceRequest {
        promptIds = promptIds.clone();
        splices = List.copyOf(splices);
    }

    /**
     * Rows {@code [count, hidden]} (row-major) that become the input embeddings at positions {@code
     * start .. start+count-1}.
     */
    public record EmbeddingSplice(int start, int count, float[] rows) {}
}
