package dev.hcxmesh.ingest.video;

/** What a stream does when its hand-off queue to the consumer is full. */
public enum BackPressure {
    /** Halve the sampling rate (down to a floor), then wait briefly for room; drop the oldest if none. */
    LOWER_FPS,
    /** Evict the oldest queued chunk to make room for the new one. */
    DROP_OLDEST,
    /** Discard the new chunk. */
    DROP_NEWEST
}
