package dev.hcxmesh.decoder.vision;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.api.v1.ErrorDetail;
import dev.hcxmesh.decoder.api.ChatTurn;
import dev.hcxmesh.decoder.engine.EngineException;
import dev.hcxmesh.events.v1.GenerationResult;
import dev.hcxmesh.events.v1.VisualEmbeddings;
import java.util.concurrent.CompletableFuture;

/**
 * What one embed request waits for: the chunks of its (single) image item, completing {@link #future}
 * with rows {@code [total_tokens, hidden]}, or the typed error result ingest or the encoder published
 * for it. Called on the tail's thread; synchronised because a timeout may complete it concurrently.
 */
final class ImageWaiter implements EmbeddingTail.Listener {
    /** An image request has one visual item. */
    static final int ITEM = 0;

    final String requestId;
    final CompletableFuture<ChatTurn.VisualEmbedding> future = new CompletableFuture<>();
    private EmbeddingRows rows;

    ImageWaiter(String requestId) {
        this.requestId = requestId;
    }

    @Override
    public synchronized void onEmbeddings(VisualEmbeddings chunk) {
        if (future.isDone() || chunk.getItemIndex() != ITEM) {
            return;
        }
        try {
            if (rows == null) {
                rows = EmbeddingRows.of(chunk);
            }
            rows.add(chunk);
            if (rows.complete()) {
                future.complete(rows.embedding());
            }
        } catch (IllegalArgumentException e) {
            future.completeExceptionally(new EngineException(
                    ErrorCode.INTERNAL, "embeddings of image request " + requestId + " do not fit: " + e.getMessage()));
        }
    }

    @Override
    public void onResult(GenerationResult result) {
        if (!result.getResult().hasError()) {
            return; // not an answer to an embed request: no stage publishes one
        }
        ErrorDetail error = result.getResult().getError();
        ErrorCode code =
                error.getCode() == ErrorCode.ERROR_CODE_UNSPECIFIED || error.getCode() == ErrorCode.UNRECOGNIZED
                        ? ErrorCode.INTERNAL
                        : error.getCode();
        String stage = error.getStage().isEmpty() ? "the mesh" : error.getStage();
        future.completeExceptionally(
                new EngineException(code, "the image could not be used (" + stage + "): " + error.getMessage()));
    }

    @Override
    public void onMalformed(String topic, RuntimeException cause) {
        future.completeExceptionally(new EngineException(
                ErrorCode.MESSAGE_MALFORMED,
                "a record of image request " + requestId + " on " + topic + " does not parse: " + cause.getMessage()));
    }
}
