/**
 * Video ingest: {@link dev.hcxmesh.ingest.video.VideoSource} (FFmpeg decode of files, HTTP bodies
 * and live URLs), {@link dev.hcxmesh.ingest.video.ChunkAssembler} (chunking, scene cuts, sampling,
 * near-duplicate skipping) and {@link dev.hcxmesh.ingest.video.StreamIngest} (one stream's decode
 * thread behind a bounded, back-pressured hand-off queue, with {@link
 * dev.hcxmesh.ingest.video.StreamStats} counters).
 */
package dev.hcxmesh.ingest.video;
