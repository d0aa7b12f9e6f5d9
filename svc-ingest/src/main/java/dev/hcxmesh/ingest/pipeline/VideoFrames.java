package dev.hcxmesh.ingest.pipeline;

import dev.hcxmesh.model.image.RgbImage;
import java.util.List;

/** Decodes a video from bytes and samples frames uniformly in time. */
public interface VideoFrames {

    /** A sampled frame and its presentation time. */
    record Sampled(RgbImage image, long ptsMs) {}

    /**
     * @param frames how many frames to sample (fewer when the video has fewer)
     * @throws dev.hcxmesh.common.MeshException MEDIA_UNDECODABLE, MEDIA_TOO_LARGE
     */
    List<Sampled> sample(byte[] video, int frames);
}
