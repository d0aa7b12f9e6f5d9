package dev.hcxmesh.ingest.video;

/**
 * A decoded frame still in the decoder's native pixel format. Valid only until the next {@link
 * VideoSource#next()}: take {@link #toRgb()} before that if the frame is kept.
 */
public interface DecodedFrame {
    /** Time in ms from the first decoded frame of the stream. */
    long ptsMs();

    int width();

    int height();

    /** Luma thumbnail for scene cuts and hashing (cheap: read from the Y plane when there is one). */
    LumaThumb thumb();

    /** Converts to packed RGB24 (downscaled per {@link DecodeConfig#outputMaxSide()}). */
    SampledFrame toRgb();
}
