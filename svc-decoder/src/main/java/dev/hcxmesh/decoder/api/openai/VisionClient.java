package dev.hcxmesh.decoder.api.openai;

import dev.hcxmesh.decoder.api.ChatTurn;
import java.util.concurrent.CompletionStage;

/**
 * Turns an image of a chat completion into visual embedding rows (the mesh's vision encoder). The
 * services' bean is {@code dev.hcxmesh.decoder.vision.MeshVisionClient} (ingest and the encoder over
 * Kafka); with {@code hcx.decoder.vision.enabled=false}, or no bean at all, {@code image_url} parts
 * are answered with HTTP 501.
 */
public interface VisionClient {

    /**
     * @param url a {@code data:} URL or an http(s) URL
     * @return rows {@code [count, hidden]}; fails with an EngineException (URL_REFUSED,
     *     URL_FETCH_FAILED, MEDIA_UNDECODABLE, MEDIA_TOO_LARGE...) when the image cannot be used
     */
    CompletionStage<ChatTurn.VisualEmbedding> embed(String url);
}
