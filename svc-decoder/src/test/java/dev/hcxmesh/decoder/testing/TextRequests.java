package dev.hcxmesh.decoder.testing;

import dev.hcxmesh.api.v1.SamplingParams;
import dev.hcxmesh.api.v1.Task;
import dev.hcxmesh.common.kafka.Envelopes;
import dev.hcxmesh.events.v1.Manifest;

/** Kafka-path requests without media for the join tests: the manifest alone completes the join. */
public final class TextRequests {
    private TextRequests() {}

    /** A manifest with no media items and enrichment off, asking for {@code maxTokens}. */
    public static Manifest manifest(String requestId, int maxTokens) {
        return Manifest.newBuilder()
                .setMeta(Envelopes.newMeta(requestId, requestId, ""))
                .setTask(Task.newBuilder()
                        .setPrompt("Describe")
                        .setDisableEnrichment(true)
                        .setSampling(SamplingParams.newBuilder().setMaxTokens(maxTokens)))
                .build();
    }
}
