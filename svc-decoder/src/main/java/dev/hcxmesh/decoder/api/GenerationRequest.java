package dev.hcxmesh.decoder.api;

import dev.hcxmesh.decoder.sampling.SamplingParams;
import java.time.Instant;

/**
 * A front-end request, independent of gRPC or HTTP.
 *
 * @param id request id for logs and errors
 * @param prompt rendered prompt
 * @param sampling validated sampling settings
 * @param responseSchema JSON schema text constraining the output, or null
 * @param tenant fairness key (never null; "" for anonymous)
 * @param priority higher first (proto Priority numbers: BULK 1, NORMAL 2, URGENT 3)
 * @param deadline null for none
 */
public record GenerationRequest(
        String id,
        RenderedPrompt prompt,
        SamplingParams sampling,
        String responseSchema,
        String tenant,
        int priority,
        Instant deadline) {
    public GenerationRequest {
        if (id == null || prompt == null || sampling == null) {
            throw new IllegalArgumentException("id, prompt and sampling are required");
        }
        tenant = tenant == null ? "" : tenant;
        if (responseSchema != null && responseSchema.isBlank()) {
            responseSchema = null;
        }
    }
}
