package dev.hcxmesh.ingest.pipeline;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import dev.hcxmesh.contracts.Topic;
import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.events.v1.FrameBatch;
import dev.hcxmesh.events.v1.Manifest;
import dev.hcxmesh.events.v1.ManifestItem;
import dev.hcxmesh.events.v1.MediaRequest;
import dev.hcxmesh.events.v1.Meta;
import dev.hcxmesh.events.v1.TileBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fan-out of one request: tile batches for the encoder, frames for OCR/Lens and the manifest the
 * decoder joins on. Pure: it only builds records, every one under {@link Topics#MAX_RECORD_BYTES}.
 */
public final class FanOut {
    private FanOut() {}

    /** A record to publish: topic, key (the request id) and value. */
    public record Outgoing(Topic<?> topic, String key, MessageLite value) {}

    /** Bytes a tile batch may spend on tiles, leaving room for its meta and geometry. */
    static final int TILE_BUDGET = Topics.MAX_RECORD_BYTES - 64 * 1024;

    public static List<Outgoing> records(
            MediaRequest request, Meta meta, List<PreparedItem> items, boolean enrichment, Duration deadline) {
        String key = meta.getRequestId();
        List<Outgoing> out = new ArrayList<>();
        var manifest = Manifest.newBuilder()
                .setMeta(meta)
                .setTask(request.getTask())
                .setExpectEnrichment(enrichment)
                .setEnrichmentDeadlineMs(deadline.toMillis())
                .setFilename(request.getMedia().getFilename())
                .setPurpose(request.getPurpose());
        for (int i = 0; i < items.size(); i++) {
            PreparedItem item = items.get(i);
            manifest.addItems(ManifestItem.newBuilder()
                    .setItemIndex(i)
                    .setGeometry(item.geometry())
                    .setMimeType(item.mimeType())
                    .setFilename(item.filename()));
            for (TileBatch batch : tileBatches(meta, i, item)) {
                out.add(new Outgoing(Topics.TILES, key, batch));
            }
            if (enrichment) {
                for (FrameBatch frames : frameBatches(meta, i, item)) {
                    out.add(new Outgoing(Topics.FRAMES, key, frames));
                }
            }
        }
        out.add(new Outgoing(Topics.MANIFESTS, key, manifest.build()));
        return out;
    }

    static List<TileBatch> tileBatches(Meta meta, int itemIndex, PreparedItem item) {
        List<byte[]> tiles = item.tiles();
        int tileBytes = tiles.isEmpty() ? 1 : tiles.getFirst().length;
        int perBatch = Math.max(1, TILE_BUDGET / tileBytes);
        int parts = (tiles.size() + perBatch - 1) / perBatch;
        int side = (int) Math.round(Math.sqrt(tileBytes / 3.0));
        List<TileBatch> out = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            int from = p * perBatch;
            int to = Math.min(tiles.size(), from + perBatch);
            var b = TileBatch.newBuilder()
                    .setMeta(meta)
                    .setItemIndex(itemIndex)
                    .setPartIndex(p)
                    .setPartCount(parts)
                    .setFirstTile(from)
                    .setGeometry(item.geometry())
                    .setTileSize(side);
            for (int t = from; t < to; t++) {
                b.addTiles(ByteString.copyFrom(tiles.get(t)));
            }
            out.add(b.build());
        }
        return out;
    }

    static List<FrameBatch> frameBatches(Meta meta, int itemIndex, PreparedItem item) {
        List<FrameBatch> out = new ArrayList<>();
        var batch = FrameBatch.newBuilder().setMeta(meta).setItemIndex(itemIndex);
        int size = 0;
        for (var f : item.ocrFrames()) {
            int bytes = f.getSerializedSize();
            if (size > 0 && size + bytes > TILE_BUDGET) {
                out.add(batch.build());
                batch = FrameBatch.newBuilder().setMeta(meta).setItemIndex(itemIndex);
                size = 0;
            }
            batch.addFrames(f);
            size += bytes;
        }
        if (batch.getFramesCount() > 0 || out.isEmpty()) {
            out.add(batch.build());
        }
        int parts = out.size();
        List<FrameBatch> numbered = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            numbered.add(
                    out.get(p).toBuilder().setPartIndex(p).setPartCount(parts).build());
        }
        return numbered;
    }
}
