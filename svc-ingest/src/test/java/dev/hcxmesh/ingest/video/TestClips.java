package dev.hcxmesh.ingest.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Synthetic test clips written with {@link FFmpegFrameRecorder}. The bundled FFmpeg 8.0.1 has no
 * libx264 encoder (it has libopenh264 and mpeg4), so clips are MPEG-4 Part 2 in MP4.
 *
 * <p>A clip is a list of segments; each has a background grey level and is either MOVING (two
 * contrasting vertical bars sweep across at different speeds, so the picture does not repeat soon; the luma histogram stays constant, the picture changes)
 * or STATIC (identical frames). Consecutive segments with very different levels are hard cuts.
 */
public final class TestClips {
    private TestClips() {}

    public enum Motion {
        MOVING,
        STATIC
    }

    public record Segment(int frames, int level, Motion motion) {}

    /** True when the bundled FFmpeg can encode H.264 with libx264. */
    static boolean hasLibx264() {
        return avcodec_find_encoder_by_name("libx264") != null;
    }

    /** Writes the clip; returns the frame index of each segment start (the hard cuts). */
    public static List<Integer> write(Path file, int width, int height, int fps, List<Segment> segments)
            throws Exception {
        org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
        List<Integer> starts = new ArrayList<>();
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
            rec.setFormat("mp4");
            rec.setVideoCodec(AV_CODEC_ID_MPEG4);
            rec.setPixelFormat(AV_PIX_FMT_YUV420P);
            rec.setFrameRate(fps);
            rec.setGopSize(fps * 2);
            rec.setVideoBitrate(300_000);
            rec.start();
            Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
            byte[] bgr = new byte[width * height * 3];
            int n = 0;
            for (Segment s : segments) {
                starts.add(n);
                for (int i = 0; i < s.frames(); i++, n++) {
                    boolean moving = s.motion() == Motion.MOVING;
                    int barX = moving ? (i * Math.max(1, width / 20)) % width : width / 3;
                    int bar2X = moving ? Math.floorMod(-3 * i, width) : 2 * width / 3;
                    render(bgr, width, height, s.level(), barX, bar2X);
                    ByteBuffer buf = (ByteBuffer) frame.image[0];
                    for (int y = 0; y < height; y++) {
                        buf.position(y * frame.imageStride);
                        buf.put(bgr, y * width * 3, width * 3);
                    }
                    buf.rewind();
                    rec.record(frame, AV_PIX_FMT_BGR24);
                }
            }
            rec.stop();
        }
        return starts;
    }

    /** Two full-height bars on a flat background; they sweep at incommensurate speeds when moving. */
    private static void render(byte[] bgr, int width, int height, int level, int barX, int bar2X) {
        int bar = Math.max(2, width / 8);
        int bar2 = Math.max(2, width / 16);
        byte bg = (byte) level;
        byte fg = (byte) (255 - level);
        byte fg2 = (byte) ((level + 128) % 256);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int dx = Math.floorMod(x - barX, width);
                int dx2 = Math.floorMod(x - bar2X, width);
                byte v = dx < bar ? fg : dx2 < bar2 ? fg2 : bg;
                int i = (y * width + x) * 3;
                bgr[i] = v;
                bgr[i + 1] = v;
                bgr[i + 2] = v;
            }
        }
    }
}
