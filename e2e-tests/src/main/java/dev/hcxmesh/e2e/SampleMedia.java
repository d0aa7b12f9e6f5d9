package dev.hcxmesh.e2e;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/** Generated sample media: a bar chart with Korean and English text, and a short clip with two scenes. */
public final class SampleMedia {
    private SampleMedia() {}

    /** A 960×540 PNG bar chart titled in Korean and English. */
    public static byte[] chartPng() {
        var img = new BufferedImage(960, 540, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 960, 540);
        g.setColor(Color.BLACK);
        g.setFont(font(40));
        g.drawString("2025 매출 Revenue", 60, 70);
        int[] values = {120, 260, 180, 330};
        String[] labels = {"Q1", "Q2", "Q3", "Q4"};
        Color[] colors = {new Color(0x2e7d32), new Color(0x1565c0), new Color(0xef6c00), new Color(0x6a1b9a)};
        g.setStroke(new BasicStroke(3));
        g.drawLine(80, 470, 900, 470);
        for (int i = 0; i < values.length; i++) {
            int x = 130 + i * 190;
            g.setColor(colors[i]);
            g.fillRect(x, 470 - values[i], 110, values[i]);
            g.setColor(Color.BLACK);
            g.setFont(font(30));
            g.drawString(labels[i], x + 30, 510);
            g.drawString(Integer.toString(values[i]), x + 25, 460 - values[i]);
        }
        g.dispose();
        return png(img);
    }

    /** A short MPEG-4 MP4 clip: a moving square scene, a hard cut, then a captioned scene. */
    public static byte[] clipMp4(Path dir, int seconds, int fps) {
        try {
            Files.createDirectories(dir);
            org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
            Path file = dir.resolve("sample-clip.mp4");
            try (var recorder = new FFmpegFrameRecorder(file.toFile(), 640, 360)) {
                recorder.setFormat("mp4");
                recorder.setFrameRate(fps);
                // the bundled FFmpeg has no libx264; MPEG-4 Part 2 in MP4 decodes everywhere
                recorder.setVideoCodec(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4);
                recorder.setVideoBitrate(800_000);
                recorder.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
                recorder.start();
                var converter = new Java2DFrameConverter();
                int total = seconds * fps;
                for (int i = 0; i < total; i++) {
                    recorder.record(converter.convert(frame(i, total)));
                }
                recorder.stop();
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage frame(int i, int total) {
        var img = new BufferedImage(640, 360, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        boolean second = i >= total / 2;
        g.setColor(second ? new Color(0x102040) : new Color(0xf0f0e0));
        g.fillRect(0, 0, 640, 360);
        g.setColor(second ? Color.ORANGE : Color.RED);
        int x = (i * 7) % 560;
        g.fillRect(x, 120, 80, 80);
        g.setFont(font(28));
        g.setColor(second ? Color.WHITE : Color.BLACK);
        g.drawString(second ? "뉴스 속보 Breaking News" : "날씨 Weather 23°C", 40, 320);
        g.dispose();
        return img;
    }

    private static Font font(int size) {
        Path nanum = Path.of("/usr/share/fonts/truetype/nanum/NanumGothic.ttf");
        if (Files.isRegularFile(nanum)) {
            try {
                return Font.createFont(Font.TRUETYPE_FONT, nanum.toFile()).deriveFont(Font.BOLD, (float) size);
            } catch (Exception e) {
                // fall through to a logical font
            }
        }
        return new Font(Font.SANS_SERIF, Font.BOLD, size);
    }

    static byte[] png(BufferedImage img) {
        try {
            var out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
