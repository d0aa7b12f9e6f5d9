package dev.hcxmesh.ingest.video;

/**
 * Counters of one stream, a snapshot. The service turns these into Micrometer counters/gauges
 * (tag: stream id).
 *
 * @param framesDecoded frames out of the decoder
 * @param framesSampled sampling decisions taken (kept + skipped duplicates)
 * @param framesSkippedDuplicate sampled frames skipped as near-duplicates
 * @param sceneCuts shot boundaries detected
 * @param chunksEmitted chunks put on the hand-off queue
 * @param chunksEmpty chunks not emitted because every sampled frame was a duplicate
 * @param chunksDropped chunks dropped by back-pressure (oldest or newest)
 * @param fpsReductions times LOWER_FPS halved the rate
 * @param fpsRestores times the rate was doubled back after the queue drained
 * @param rateDivisor current rate divisor (1 = configured rate)
 * @param queueDepth chunks waiting now
 * @param queueHighWater the deepest the queue has been
 */
public record StreamStats(
        long framesDecoded,
        long framesSampled,
        long framesSkippedDuplicate,
        long sceneCuts,
        long chunksEmitted,
        long chunksEmpty,
        long chunksDropped,
        long fpsReductions,
        long fpsRestores,
        int rateDivisor,
        int queueDepth,
        int queueHighWater) {

    /** Receives a snapshot after every chunk decision and at the end of the stream. */
    @FunctionalInterface
    public interface Listener {
        void onStats(String streamId, StreamStats stats);

        Listener NONE = (id, s) -> {};
    }
}
