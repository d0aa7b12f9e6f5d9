package dev.hcxmesh.decoder.join;

import dev.hcxmesh.events.v1.Enrichment;
import dev.hcxmesh.events.v1.EnrichmentStatus;
import dev.hcxmesh.events.v1.Manifest;
import dev.hcxmesh.events.v1.ManifestItem;
import dev.hcxmesh.events.v1.VisualEmbeddings;
import dev.hcxmesh.model.tensor.Bf16;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The join state of one request: manifest, embedding chunks and enrichment parts, arriving in any
 * order from three co-partitioned topics. Pure state machine (no I/O), so it is unit-tested directly.
 * Not thread-safe: the {@link JoinTable} serialises access.
 */
public final class RequestJoin {
    private Manifest manifest;
    private final Map<Integer, Rows> rows = new HashMap<>();
    private final Map<Integer, Enrichment[]> enrichment = new HashMap<>();
    private long embeddingsCompleteAtMs = -1;
    private boolean started;

    /** Adds a manifest; returns false when it is a replayed duplicate. */
    public boolean add(Manifest m) {
        if (manifest != null) {
            return false;
        }
        manifest = m;
        return true;
    }

    /** Adds an embedding chunk; returns false for a duplicate chunk. */
    public boolean add(VisualEmbeddings e) {
        Rows r = rows.computeIfAbsent(
                e.getItemIndex(), k -> new Rows(e.getTotalTokens(), e.getHidden(), e.getPartCount()));
        return r.add(e);
    }

    /** Adds an enrichment part; returns false for a duplicate part. */
    public boolean add(Enrichment e) {
        Enrichment[] parts =
                enrichment.computeIfAbsent(e.getItemIndex(), k -> new Enrichment[Math.max(1, e.getPartCount())]);
        int p = e.getPartIndex();
        if (p >= parts.length || parts[p] != null) {
            return false;
        }
        parts[p] = e;
        return true;
    }

    public boolean started() {
        return started;
    }

    /**
     * Whether generation can start at {@code nowMs}: manifest and every item's embeddings present, and
     * the enrichment either complete, not expected, or past its deadline.
     */
    public boolean ready(long nowMs) {
        if (started || manifest == null) {
            return false;
        }
        for (ManifestItem item : manifest.getItemsList()) {
            Rows r = rows.get(item.getItemIndex());
            if (r == null || !r.complete()) {
                return false;
            }
        }
        if (embeddingsCompleteAtMs < 0) {
            embeddingsCompleteAtMs = nowMs;
        }
        return !manifest.getExpectEnrichment()
                || enrichmentComplete()
                || nowMs - embeddingsCompleteAtMs >= manifest.getEnrichmentDeadlineMs();
    }

    private boolean enrichmentComplete() {
        for (ManifestItem item : manifest.getItemsList()) {
            Enrichment[] parts = enrichment.get(item.getItemIndex());
            if (parts == null) {
                return false;
            }
            for (Enrichment p : parts) {
                if (p == null) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Marks the request started and returns what generation needs. */
    public JoinedRequest start() {
        started = true;
        boolean late = manifest.getExpectEnrichment() && !enrichmentComplete();
        List<JoinedRequest.Item> items = new ArrayList<>();
        for (ManifestItem item : manifest.getItemsList()) {
            Rows r = rows.get(item.getItemIndex());
            List<Enrichment> parts =
                    Optional.ofNullable(enrichment.get(item.getItemIndex())).map(List::of).orElse(List.of()).stream()
                            .filter(p -> p != null && p.getStatus() != EnrichmentStatus.ENRICHMENT_FAILED)
                            .toList();
            items.add(new JoinedRequest.Item(
                    item,
                    r.values,
                    r.tokens,
                    r.hidden,
                    join(parts, Enrichment::getOcr),
                    join(parts, Enrichment::getLensKeywords),
                    join(parts, Enrichment::getLensLocalKeywords),
                    r.encodeMillis,
                    parts.stream().mapToDouble(Enrichment::getOcrMillis).sum()));
        }
        return new JoinedRequest(manifest.getMeta(), manifest.getTask(), manifest.getFilename(), items, late);
    }

    private static String join(List<Enrichment> parts, java.util.function.Function<Enrichment, String> field) {
        return parts.stream().map(field).filter(s -> !s.isEmpty()).collect(Collectors.joining(", "));
    }

    /** Rows of one item, filled chunk by chunk. */
    private static final class Rows {
        final int tokens;
        final int hidden;
        final float[] values; // [tokens, hidden]
        final boolean[] seen;
        int remaining;
        double encodeMillis;

        Rows(int tokens, int hidden, int parts) {
            this.tokens = tokens;
            this.hidden = hidden;
            this.values = new float[Math.multiplyExact(tokens, hidden)];
            this.seen = new boolean[Math.max(1, parts)];
            this.remaining = seen.length;
        }

        boolean add(VisualEmbeddings e) {
            int p = e.getPartIndex();
            if (p >= seen.length || seen[p]) {
                return false;
            }
            if (e.getHidden() != hidden || e.getTokenOffset() + e.getTokenCount() > tokens) {
                throw new IllegalArgumentException("embedding chunk " + p + " [" + e.getTokenOffset() + "+"
                        + e.getTokenCount() + ", " + e.getHidden() + "] does not fit [" + tokens + ", " + hidden + "]");
            }
            byte[] data = e.getData().toByteArray();
            if ("BF16".equals(e.getDtype())) {
                if (data.length != e.getTokenCount() * hidden * 2) {
                    throw new IllegalArgumentException("embedding chunk " + p + " has " + data.length
                            + " bytes, expected " + e.getTokenCount() * hidden * 2);
                }
                Bf16.unpack(data, values, e.getTokenOffset() * hidden);
            } else {
                var b = java.nio.ByteBuffer.wrap(data).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < e.getTokenCount() * hidden; i++) {
                    values[e.getTokenOffset() * hidden + i] = b.getFloat();
                }
            }
            seen[p] = true;
            remaining--;
            encodeMillis = Math.max(encodeMillis, e.getEncodeMillis());
            return true;
        }

        boolean complete() {
            return remaining == 0;
        }
    }
}
