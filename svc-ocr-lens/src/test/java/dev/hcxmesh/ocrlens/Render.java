package dev.hcxmesh.ocrlens;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test helper: renders text lines with Java2D and remembers where each line went. */
public final class Render {

    public static final String NANUM_GOTHIC = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf";
    public static final String NANUM_MYEONGJO = "/usr/share/fonts/truetype/nanum/NanumMyeongjo.ttf";
    public static final String DEJAVU_SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    /** A drawn line: its text and pixel bounds (ink box, padded by 2 px). */
    public record Drawn(String text, Rectangle bounds) {}

    private Render() {}

    public static Font font(String path, float size) {
        try {
            return Font.createFont(Font.TRUETYPE_FONT, new File(path)).deriveFont(size);
        } catch (Exception e) {
            throw new IllegalStateException("font " + path, e);
        }
    }

    public static BufferedImage canvas(int w, int h, Color bg) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(bg);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    /** Draws {@code lines} top-down from (x, y) with 1.6x line spacing; returns their bounds. */
    public static List<Drawn> lines(BufferedImage img, Font font, Color fg, int x, int y, List<String> lines) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(font);
        g.setColor(fg);
        FontMetrics fm = g.getFontMetrics();
        List<Drawn> out = new ArrayList<>();
        int baseline = y + fm.getAscent();
        for (String line : lines) {
            g.drawString(line, x, baseline);
            Rectangle ink = font.createGlyphVector(g.getFontRenderContext(), line)
                    .getPixelBounds(g.getFontRenderContext(), x, baseline);
            ink.grow(2, 2);
            out.add(new Drawn(line, ink));
            baseline += Math.round(fm.getHeight() * 1.6f);
        }
        g.dispose();
        return out;
    }

    /** Rotates the whole image by {@code degrees} about its centre, filling with {@code bg}. */
    public static BufferedImage rotate(BufferedImage src, double degrees, Color bg) {
        BufferedImage out = canvas(src.getWidth(), src.getHeight(), bg);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(
                src,
                AffineTransform.getRotateInstance(Math.toRadians(degrees), src.getWidth() / 2.0, src.getHeight() / 2.0),
                null);
        g.dispose();
        return out;
    }

    /** Adds uniform noise of amplitude {@code amp} to each channel (deterministic seed). */
    public static void noise(BufferedImage img, int amp, long seed) {
        Random r = new Random(seed);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                int rr = clamp(((p >> 16) & 255) + r.nextInt(2 * amp + 1) - amp);
                int gg = clamp(((p >> 8) & 255) + r.nextInt(2 * amp + 1) - amp);
                int bb = clamp((p & 255) + r.nextInt(2 * amp + 1) - amp);
                img.setRGB(x, y, rr << 16 | gg << 8 | bb);
            }
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
