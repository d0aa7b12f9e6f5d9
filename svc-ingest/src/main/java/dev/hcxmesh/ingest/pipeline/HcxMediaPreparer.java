package dev.hcxmesh.ingest.pipeline;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.api.v1.MediaKind;
import dev.hcxmesh.common.MeshException;
import dev.hcxmesh.common.model.LoadedModel;
import dev.hcxmesh.events.v1.MediaRequest;
import dev.hcxmesh.events.v1.VisualItemGeometry;
import dev.hcxmesh.ingest.config.IngestConfig;
import dev.hcxmesh.ingest.video.SampledFrame;
import dev.hcxmesh.ingest.video.VideoChunk;
import dev.hcxmesh.model.image.AnyResTiler;
import dev.hcxmesh.model.image.DecodeLimits;
import dev.hcxmesh.model.image.ImageDecoder;
import dev.hcxmesh.model.image.MediaException;
import dev.hcxmesh.model.image.RgbImage;
import dev.hcxmesh.model.video.CanvasPacker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * HCX preprocessing for ingest: images through the AnyRes tiler (global view + local grids), videos
 * through frame sampling and 3×3 canvas packing, with the checkpoint's own preprocessor settings.
 */
@ApplicationScoped
public class HcxMediaPreparer implements MediaPreparer {
    static final String STAGE = "ingest";

    /** Longest side of frames sent to OCR/Lens. */
    static final int OCR_MAX_SIDE = 2048;

    /** Most frames of a video that OCR/Lens reads (evenly spread). */
    static final int OCR_VIDEO_FRAMES = 6;

    @Inject
    LoadedModel model;

    @Inject
    IngestConfig config;

    @Inject
    VideoFrames videoFrames;

    private volatile AnyResTiler tiler;

    private AnyResTiler tiler() {
        if (tiler == null) {
            var ckpt = model.checkpoint();
            tiler = new AnyResTiler(
                    ckpt.preprocessor(), ckpt.config().connector().queriesImage());
        }
        return tiler;
    }

    @Override
    public List<PreparedItem> prepare(MediaRequest request, byte[] bytes) {
        var media = request.getMedia();
        boolean video = media.getKind() == MediaKind.VIDEO
                || media.getKind() == MediaKind.LIVE_STREAM
                || media.getMimeType().startsWith("video/");
        try {
            return List.of(video ? prepareVideo(request, bytes) : prepareImage(request, bytes));
        } catch (MediaException e) {
            throw new MeshException(
                    switch (e.code()) {
                        case MEDIA_TOO_LARGE -> ErrorCode.MEDIA_TOO_LARGE;
                        case MEDIA_UNSUPPORTED -> ErrorCode.MEDIA_UNSUPPORTED;
                        case MEDIA_UNDECODABLE -> ErrorCode.MEDIA_UNDECODABLE;
                    },
                    STAGE,
                    e.getMessage(),
                    java.util.Map.of(),
                    e);
        }
    }

    private PreparedItem prepareImage(MediaRequest request, byte[] bytes) {
        var limits = config.limits();
        RgbImage img =
                ImageDecoder.decode(bytes, new DecodeLimits(limits.maxBytes(), limits.maxPixels(), limits.maxSide()));
        var tiled = tiler().tile(img);
        var plan = tiled.plan();
        var geometry = VisualItemGeometry.newBuilder()
                .setKind(MediaKind.IMAGE)
                .setWidth(img.width())
                .setHeight(img.height())
                .setGridRows(plan.gridRows())
                .setGridCols(plan.gridCols())
                .setTileCount(plan.tileCount())
                .setVisualTokens(plan.tokens())
                .build();
        var media = request.getMedia();
        return new PreparedItem(
                geometry,
                tiled.tiles(),
                List.of(Frames.frame(img, 0, 0, OCR_MAX_SIDE)),
                media.getMimeType().isEmpty() ? "image/jpeg" : media.getMimeType(),
                media.getFilename());
    }

    private PreparedItem prepareVideo(MediaRequest request, byte[] bytes) {
        List<VideoFrames.Sampled> frames =
                videoFrames.sample(bytes, config.video().frames());
        if (frames.isEmpty()) {
            throw new MeshException(ErrorCode.MEDIA_UNDECODABLE, STAGE, "the video has no decodable frames");
        }
        var media = request.getMedia();
        return VideoItems.pack(
                packer(),
                model.checkpoint().config().connector(),
                frames.stream().map(VideoFrames.Sampled::image).toList(),
                frames.stream().map(VideoFrames.Sampled::ptsMs).toList(),
                OCR_VIDEO_FRAMES,
                media.getMimeType().isEmpty() ? "video/mp4" : media.getMimeType(),
                media.getFilename());
    }

    /**
     * One chunk of a live stream as one video item: its sampled frames packed into canvases exactly
     * as a one-shot video's.
     */
    public PreparedItem prepareChunk(MediaRequest request, VideoChunk chunk) {
        List<RgbImage> images = new ArrayList<>(chunk.frames().size());
        List<Long> pts = new ArrayList<>(chunk.frames().size());
        for (SampledFrame f : chunk.frames()) {
            images.add(new RgbImage(f.width(), f.height(), f.rgb())); // [h, w, 3]
            pts.add(f.ptsMs());
        }
        var media = request.getMedia();
        return VideoItems.pack(
                packer(),
                model.checkpoint().config().connector(),
                images,
                pts,
                OCR_VIDEO_FRAMES,
                media.getMimeType().isEmpty() ? "video/mp4" : media.getMimeType(),
                media.getFilename());
    }

    private CanvasPacker packer() {
        return new CanvasPacker(tiler(), model.checkpoint().preprocessor().cropSize());
    }
}
