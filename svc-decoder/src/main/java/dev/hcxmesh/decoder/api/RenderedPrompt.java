package dev.hcxmesh.decoder.api;

import dev.hcxmesh.decoder.engine.SequenceRequest.EmbeddingSplice;
import java.util.List;

/**
 * A tokenized prompt.
 *
 * @param ids [L] token ids, image placeholders already expanded to one id per visual row
 * @param splices visual rows replacing the placeholder positions
 */
public record RenderedPrompt(int[] ids, List<EmbeddingSplice> splices) {
    public RenderedPrompt {
        ids = ids.clone();
        splices = List.copyOf(splices);
        for (EmbeddingSplice s : splices) {
            if (s.start() < 0 || s.start() + s.count() > ids.length) {
                throw new IllegalArgumentException("splice [" + s.start() + ", " + (s.start() + s.count())
                        + ") outside the prompt of " + ids.length + " tokens");
            }
        }
    }
}
