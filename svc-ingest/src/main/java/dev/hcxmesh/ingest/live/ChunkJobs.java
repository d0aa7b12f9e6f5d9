package dev.hcxmesh.ingest.live;

import dev.hcxmesh.events.v1.Meta;
import dev.hcxmesh.ingest.video.StreamStats;
import dev.hcxmesh.ingest.video.VideoChunk;

/** Pure naming of the per-chunk jobs of a stream. */
public final class ChunkJobs {
    private ChunkJobs() {}

    /** The job id of chunk {@code index} of stream job {@code streamJobId}: {@code "<job>/<index>"}. */
    public static String chunkJobId(String streamJobId, long index) {
        return streamJobId + "/" + index;
    }

    /**
     * The Meta of one chunk job: its own request id (so it gets its own result), the stream id, the
     * chunk's index and media times, and an idempotency key derived from the parent's (empty stays
     * empty).
     */
    public static Meta chunkMeta(Meta parent, String streamId, VideoChunk chunk) {
        String key = parent.getIdempotencyKey();
        return parent.toBuilder()
                .setRequestId(chunkJobId(parent.getRequestId(), chunk.index()))
                .setStreamId(streamId)
                .setChunkIndex(chunk.index())
                .setChunkStartMs(chunk.startMs())
                .setChunkEndMs(chunk.endMs())
                .setIdempotencyKey(key.isEmpty() ? "" : key + "/" + chunk.index())
                .setCreatedUnixMs(System.currentTimeMillis())
                .build();
    }

    /** The text of the stream job's final result. */
    public static String summary(long published, StreamStats stats) {
        return "live stream ended: " + published + " chunk(s) published, " + stats.chunksDropped()
                + " dropped by back-pressure, " + stats.chunksEmpty() + " empty (all duplicates), "
                + stats.framesDecoded() + " frame(s) decoded, " + stats.sceneCuts() + " scene cut(s)";
    }
}
