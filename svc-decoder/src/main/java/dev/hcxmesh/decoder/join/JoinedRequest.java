package dev.hcxmesh.decoder.join;

import dev.hcxmesh.api.v1.Task;
import dev.hcxmesh.events.v1.ManifestItem;
import dev.hcxmesh.events.v1.Meta;
import java.util.List;

/**
 * Everything a request needs to generate: the manifest's task, every item's visual rows and its
 * OCR/Lens enrichment (empty when disabled, failed or late).
 *
 * @param enrichmentLate true when the decoder stopped waiting for OCR/Lens at the deadline
 */
public record JoinedRequest(Meta meta, Task task, String filename, List<Item> items, boolean enrichmentLate) {

    public JoinedRequest {
        items = List.copyOf(items);
    }

    /**
     * @param rows [tokens, hidden] row-major visual embeddings (decoded from bf16)
     * @param ocr the {@code ocr} field text
     */
    public record Item(
            ManifestItem manifest,
            float[] rows,
            int tokens,
            int hidden,
            String ocr,
            String lensKeywords,
            String lensLocalKeywords,
            double encodeMillis,
            double ocrMillis) {}
}
