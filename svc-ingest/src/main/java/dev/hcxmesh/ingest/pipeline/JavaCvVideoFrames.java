package dev.hcxmesh.ingest.pipeline;

import dev.hcxmesh.common.MeshException;
import dev.hcxmesh.ingest.IngestException;
import dev.hcxmesh.ingest.config.IngestConfig;
import dev.hcxmesh.ingest.video.DecodeConfig;
import dev.hcxmesh.ingest.video.DecodedFrame;
import dev.hcxmesh.ingest.video.VideoSource;
import dev.hcxmesh.model.image.RgbImage;
import dev.hcxmesh.model.video.FrameSampler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One-shot videos: FFmpeg (JavaCV) decode in process, {@code n} frames sampled uniformly in time
 * (numpy-linspace timestamps over the duration); only the chosen frames are converted to RGB.
 */
@ApplicationScoped
public class JavaCvVideoFrames implements VideoFrames {

    @Inject
    IngestConfig config;

    @Override
    public List<Sampled> sample(byte[] video, int frames) {
        var limits = config.limits();
        var decode = DecodeConfig.defaults()
                .withMaxDurationMs(limits.maxVideoSeconds() * 1000L)
                .withMaxPixels(
                        Math.min(limits.maxPixels(), DecodeConfig.defaults().maxPixels()));
        try (var source = VideoSource.openStream(new ByteArrayInputStream(video), video.length + 1, decode)) {
            double durationS = Math.max(source.durationMs(), 1) / 1000.0;
            double[] targets = FrameSampler.uniformTimestamps(durationS, frames);
            List<Sampled> out = new ArrayList<>(frames);
            int next = 0;
            DecodedFrame f;
            DecodedFrame last = null;
            while (next < targets.length && (f = source.next()) != null) {
                long pts = f.ptsMs();
                // take this frame for every target time it reaches (a short clip repeats nothing: distinct targets)
                if (pts >= targets[next] * 1000.0 - 1) {
                    out.add(toSampled(f));
                    next++;
                    while (next < targets.length && pts >= targets[next] * 1000.0 - 1) {
                        next++;
                    }
                }
                last = f;
            }
            if (out.isEmpty() && last != null) {
                out.add(toSampled(last));
            }
            return out;
        } catch (IngestException e) {
            throw new MeshException(e.code(), "ingest", e.getMessage(), e.facts(), e);
        }
    }

    private static Sampled toSampled(DecodedFrame f) {
        var rgb = f.toRgb();
        return new Sampled(new RgbImage(rgb.width(), rgb.height(), rgb.rgb()), rgb.ptsMs());
    }
}
