/**
 * Live streams ({@code media.kind = LIVE_STREAM}): a {@link dev.hcxmesh.ingest.video.StreamIngest}
 * per stream, each emitted chunk published as its own job {@code <jobId>/<chunkIndex>}, a final
 * result for the stream job when the stream ends.
 */
package dev.hcxmesh.ingest.live;
