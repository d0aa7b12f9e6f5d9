package dev.hcxmesh.ingest.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_NV12;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_NV21;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV422P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV444P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ422P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ444P;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.ingest.IngestException;
import dev.hcxmesh.ingest.fetch.MediaStream;
import dev.hcxmesh.ingest.fetch.SafeUrlFetcher;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * A decoded video stream from a file, an HTTP(S) body (vetted by {@link SafeUrlFetcher}) or a live
 * URL (RTSP, SRT, HLS). Frames stay in the decoder's native format; the luma thumbnail is read
 * straight from the Y plane and RGB24 conversion (swscale) runs only for frames that are kept.
 * Not thread-safe: one consumer thread.
 */
public final class VideoSource implements AutoCloseable {
    private static final Set<String> LIVE_SCHEMES = Set.of("rtsp", "rtsps", "srt", "http", "https");
    private static final Set<Integer> Y_FIRST = Set.of(
            AV_PIX_FMT_YUV420P,
            AV_PIX_FMT_YUVJ420P,
            AV_PIX_FMT_YUV422P,
            AV_PIX_FMT_YUVJ422P,
            AV_PIX_FMT_YUV444P,
            AV_PIX_FMT_YUVJ444P,
            AV_PIX_FMT_NV12,
            AV_PIX_FMT_NV21,
            AV_PIX_FMT_GRAY8);

    static {
        // decoder chatter (stream banners, concealment notes) stays out of service logs
        org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
    }

    private final String description;
    private final FFmpegFrameGrabber grabber;
    private final DecodeConfig config;
    private final boolean live;
    private final AutoCloseable extra;
    private SwsContext rgbCtx;
    private SwsContext grayCtx;
    private BytePointer rgbBuf;
    private BytePointer grayBuf;
    private long firstTimestampUs = Long.MIN_VALUE;
    private long decoded;
    private boolean closed;

    private VideoSource(
            String description, FFmpegFrameGrabber grabber, DecodeConfig config, boolean live, AutoCloseable extra) {
        this.description = description;
        this.grabber = grabber;
        this.config = config;
        this.live = live;
        this.extra = extra;
    }

    /** Opens a local file. */
    public static VideoSource openFile(Path file, DecodeConfig config) {
        if (!Files.isReadable(file)) {
            throw new IngestException(ErrorCode.MEDIA_UNDECODABLE, "file not readable: " + file);
        }
        return start(file.toString(), new FFmpegFrameGrabber(file.toFile()), config, false, null, Map.of());
    }

    /**
     * Decodes from a stream (e.g. an in-memory upload). Containers that need seeking (MP4 with the
     * index at the end) are buffered up to {@code maxBytes}.
     */
    public static VideoSource openStream(InputStream in, int maxBytes, DecodeConfig config) {
        return start("stream", new FFmpegFrameGrabber(in, maxBytes), config, false, in, Map.of());
    }

    /** Fetches an HTTP(S) video through {@code fetcher}'s checks and decodes it as it streams in. */
    public static VideoSource openHttp(URI uri, SafeUrlFetcher fetcher, DecodeConfig config) {
        MediaStream body = fetcher.open(uri);
        if (!body.kind().isVideo()) {
            closeQuietly(body);
            throw new IngestException(
                    ErrorCode.MEDIA_UNSUPPORTED,
                    "expected a video container, found " + body.kind(),
                    Map.of("expected", "video", "found", body.kind().name()));
        }
        int max = (int) Math.min(Integer.MAX_VALUE - 8, fetcher.config().maxBytes());
        return start(uri.toString(), new FFmpegFrameGrabber(body.body(), max), config, false, body, Map.of());
    }

    /**
     * Opens a live source: {@code rtsp://}, {@code rtsps://}, {@code srt://} or an HLS playlist over
     * http(s). The host passes {@code fetcher}'s allow-list and address checks first; RTSP and SRT
     * then dial the vetted IP. FFmpeg may only use network protocols (never {@code file:}).
     */
    public static VideoSource openLive(URI uri, SafeUrlFetcher fetcher, DecodeConfig config) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!LIVE_SCHEMES.contains(scheme)) {
            throw new IngestException(
                    ErrorCode.URL_REFUSED, "live scheme '" + scheme + "' not allowed: expected one of " + LIVE_SCHEMES);
        }
        InetAddress vetted = fetcher.vetHost(uri);
        String target = uri.toString();
        String whitelist;
        switch (scheme) {
            case "rtsp", "rtsps" -> {
                whitelist = "rtsp,rtsps,rtp,srtp,udp,tcp,tls";
                target = withHost(uri, vetted).toString();
            }
            case "srt" -> {
                whitelist = "srt,udp";
                target = withHost(uri, vetted).toString();
            }
            default -> whitelist = "http,https,tcp,tls,hls,crypto"; // HLS segments: see class notes
        }
        String timeoutUs = Long.toString(config.ioTimeout().toMillis() * 1000);
        Map<String, String> options = scheme.startsWith("rtsp")
                ? Map.of(
                        "protocol_whitelist",
                        whitelist,
                        "rw_timeout",
                        timeoutUs,
                        "timeout",
                        timeoutUs,
                        "rtsp_transport",
                        "tcp")
                : Map.of("protocol_whitelist", whitelist, "rw_timeout", timeoutUs);
        return start(uri.toString(), new FFmpegFrameGrabber(target), config, true, null, options);
    }

    private static VideoSource start(
            String description,
            FFmpegFrameGrabber grabber,
            DecodeConfig config,
            boolean live,
            AutoCloseable extra,
            Map<String, String> options) {
        grabber.setImageMode(FrameGrabber.ImageMode.RAW);
        if (config.threads() > 0) {
            grabber.setVideoOption("threads", Integer.toString(config.threads()));
        }
        options.forEach(grabber::setOption);
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            release(grabber);
            closeQuietly(extra);
            String message = String.valueOf(e.getMessage());
            ErrorCode code = message.contains("Unsupported") || message.contains("find_decoder")
                    ? ErrorCode.MEDIA_UNSUPPORTED
                    : ErrorCode.MEDIA_UNDECODABLE;
            throw new IngestException(code, "cannot open video " + description + ": " + message, Map.of(), e);
        }
        VideoSource source = new VideoSource(description, grabber, config, live, extra);
        try {
            source.checkLimits();
        } catch (IngestException e) {
            source.close();
            throw e;
        }
        return source;
    }

    private void checkLimits() {
        int w = grabber.getImageWidth();
        int h = grabber.getImageHeight();
        if (grabber.getVideoStream() < 0 || w <= 0 || h <= 0) {
            throw new IngestException(ErrorCode.MEDIA_UNSUPPORTED, "no video stream in " + description);
        }
        if (w > config.maxWidth()) {
            throw IngestException.tooLarge("max_width", config.maxWidth(), w);
        }
        if (h > config.maxHeight()) {
            throw IngestException.tooLarge("max_height", config.maxHeight(), h);
        }
        if ((long) w * h > config.maxPixels()) {
            throw IngestException.tooLarge("max_pixels", config.maxPixels(), (long) w * h);
        }
        long durationMs = durationMs();
        if (config.maxDurationMs() > 0 && durationMs > config.maxDurationMs()) {
            throw IngestException.tooLarge("max_duration_ms", config.maxDurationMs(), durationMs);
        }
    }

    /** True for live sources (no known end). */
    public boolean live() {
        return live;
    }

    /** Container duration in ms, or -1 when unknown (live). */
    public long durationMs() {
        long us = grabber.getLengthInTime();
        return live || us <= 0 ? -1 : us / 1000;
    }

    /** Nominal frame rate, or 0 when unknown. */
    public double frameRate() {
        double r = grabber.getFrameRate();
        return Double.isFinite(r) && r > 0 ? r : 0;
    }

    public int width() {
        return grabber.getImageWidth();
    }

    public int height() {
        return grabber.getImageHeight();
    }

    /** Frames decoded so far. */
    public long decodedFrames() {
        return decoded;
    }

    /**
     * Decodes the next video frame, or returns null at the end of the stream.
     *
     * @throws IngestException MEDIA_UNDECODABLE when nothing decodes or errors persist;
     *     MEDIA_TOO_LARGE past the duration limit
     */
    public DecodedFrame next() {
        int bad = 0;
        while (true) {
            Frame frame;
            try {
                frame = grabber.grabImage();
            } catch (FrameGrabber.Exception | RuntimeException e) {
                if (++bad >= config.maxBadGrabs()) {
                    throw new IngestException(
                            ErrorCode.MEDIA_UNDECODABLE,
                            bad + " consecutive decode errors in " + description + ": " + e.getMessage(),
                            Map.of("decoded_frames", Long.toString(decoded)),
                            e);
                }
                continue;
            }
            if (frame == null) {
                if (decoded == 0) {
                    throw new IngestException(
                            ErrorCode.MEDIA_UNDECODABLE, "no decodable video frame in " + description);
                }
                return null;
            }
            if (!(frame.opaque instanceof AVFrame picture) || picture.width() <= 0) {
                continue;
            }
            if (firstTimestampUs == Long.MIN_VALUE) {
                firstTimestampUs = frame.timestamp;
            }
            long ptsMs = Math.max(0, (frame.timestamp - firstTimestampUs) / 1000);
            if (config.maxDurationMs() > 0 && ptsMs > config.maxDurationMs()) {
                throw IngestException.tooLarge("max_duration_ms", config.maxDurationMs(), ptsMs);
            }
            if ((long) picture.width() * picture.height() > config.maxPixels()) {
                throw IngestException.tooLarge(
                        "max_pixels", config.maxPixels(), (long) picture.width() * picture.height());
            }
            decoded++;
            return new NativeFrame(picture, ptsMs);
        }
    }

    /** A frame view over the decoder's AVFrame; valid until the next grab. */
    private final class NativeFrame implements DecodedFrame {
        private final AVFrame picture;
        private final long ptsMs;
        private final long serial;
        private LumaThumb thumb;

        NativeFrame(AVFrame picture, long ptsMs) {
            this.picture = picture;
            this.ptsMs = ptsMs;
            this.serial = decoded;
        }

        @Override
        public long ptsMs() {
            return ptsMs;
        }

        @Override
        public int width() {
            return picture.width();
        }

        @Override
        public int height() {
            return picture.height();
        }

        @Override
        public LumaThumb thumb() {
            checkCurrent();
            if (thumb == null) {
                thumb = lumaThumb(picture);
            }
            return thumb;
        }

        @Override
        public SampledFrame toRgb() {
            checkCurrent();
            return convertRgb(picture, ptsMs);
        }

        private void checkCurrent() {
            if (serial != decoded || closed) {
                throw new IllegalStateException("frame " + ptsMs + " ms used after the next grab");
            }
        }
    }

    private LumaThumb lumaThumb(AVFrame picture) {
        int w = picture.width();
        int h = picture.height();
        int stride = picture.linesize(0);
        if (Y_FIRST.contains(picture.format()) && stride >= w) {
            ByteBuffer y = picture.data(0).capacity((long) stride * h).asByteBuffer();
            return LumaThumb.fromPlane((x, row) -> y.get(row * stride + x) & 0xFF, w, h);
        }
        // any other format: let swscale produce the thumbnail directly
        grayCtx = sws_getCachedContext(
                grayCtx,
                w,
                h,
                picture.format(),
                LumaThumb.WIDTH,
                LumaThumb.HEIGHT,
                AV_PIX_FMT_GRAY8,
                SWS_AREA,
                null,
                null,
                (DoublePointer) null);
        int size = LumaThumb.WIDTH * LumaThumb.HEIGHT;
        if (grayBuf == null) {
            grayBuf = new BytePointer(size);
        }
        scale(grayCtx, picture, grayBuf, LumaThumb.WIDTH);
        byte[] luma = new byte[size];
        grayBuf.position(0).get(luma);
        return new LumaThumb(luma);
    }

    private SampledFrame convertRgb(AVFrame picture, long ptsMs) {
        int w = picture.width();
        int h = picture.height();
        int ow = w;
        int oh = h;
        int side = config.outputMaxSide();
        if (side > 0 && Math.max(w, h) > side) {
            double s = (double) side / Math.max(w, h);
            ow = Math.max(1, (int) Math.round(w * s));
            oh = Math.max(1, (int) Math.round(h * s));
        }
        int flags = ow == w && oh == h ? SWS_BILINEAR : SWS_AREA;
        rgbCtx = sws_getCachedContext(
                rgbCtx, w, h, picture.format(), ow, oh, AV_PIX_FMT_RGB24, flags, null, null, (DoublePointer) null);
        if (rgbCtx == null) {
            throw new IngestException(
                    ErrorCode.MEDIA_UNSUPPORTED, "no RGB conversion from pixel format " + picture.format());
        }
        long bytes = (long) ow * oh * 3;
        if (rgbBuf == null || rgbBuf.capacity() < bytes) {
            if (rgbBuf != null) {
                rgbBuf.close();
            }
            rgbBuf = new BytePointer(bytes);
        }
        scale(rgbCtx, picture, rgbBuf, ow * 3);
        byte[] rgb = new byte[(int) bytes];
        rgbBuf.position(0).get(rgb);
        return new SampledFrame(ptsMs, ow, oh, rgb);
    }

    private static void scale(SwsContext ctx, AVFrame picture, BytePointer dst, int dstStride) {
        try (PointerPointer<BytePointer> dstData = new PointerPointer<>(dst, null, null, null);
                IntPointer dstLines = new IntPointer(dstStride, 0, 0, 0)) {
            sws_scale(ctx, picture.data(), picture.linesize(), 0, picture.height(), dstData, dstLines);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        release(grabber);
        if (rgbCtx != null) {
            sws_freeContext(rgbCtx);
        }
        if (grayCtx != null) {
            sws_freeContext(grayCtx);
        }
        if (rgbBuf != null) {
            rgbBuf.close();
        }
        if (grayBuf != null) {
            grayBuf.close();
        }
        closeQuietly(extra);
    }

    private static URI withHost(URI uri, InetAddress address) {
        String host = address.getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        StringBuilder b = new StringBuilder(uri.getScheme()).append("://");
        if (uri.getRawUserInfo() != null) {
            b.append(uri.getRawUserInfo()).append('@');
        }
        b.append(host);
        if (uri.getPort() != -1) {
            b.append(':').append(uri.getPort());
        }
        b.append(uri.getRawPath() == null ? "" : uri.getRawPath());
        if (uri.getRawQuery() != null) {
            b.append('?').append(uri.getRawQuery());
        }
        return URI.create(b.toString());
    }

    private static void release(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception | RuntimeException ignored) {
            // releasing a failed or finished grabber
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // best effort
        }
    }
}
