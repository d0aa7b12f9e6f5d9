package dev.hcxmesh.ocrlens.video;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.ocrlens.Accuracy;
import dev.hcxmesh.ocrlens.Render;
import dev.hcxmesh.ocrlens.ocr.OcrImage;
import dev.hcxmesh.ocrlens.ocr.OcrText;
import dev.hcxmesh.ocrlens.ocr.OcrWord;
import dev.hcxmesh.ocrlens.ocr.TesseractConfig;
import dev.hcxmesh.ocrlens.ocr.TesseractOcrEngine;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.font.GlyphVector;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameOcrTest {

    /** A 960x540 "video frame": gradient sky, random blobs, white subtitle with black outline near the bottom. */
    static BufferedImage frame(String subtitle, long seed, Rectangle[] subtitleBounds) {
        BufferedImage img = Render.canvas(960, 540, Color.BLACK);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(60, 110, 170), 0, 540, new Color(90, 140, 80)));
        g.fillRect(0, 0, 960, 540);
        Random r = new Random(seed);
        for (int i = 0; i < 12; i++) {
            g.setColor(new Color(r.nextInt(200), r.nextInt(200), r.nextInt(200)));
            g.fillOval(r.nextInt(900), r.nextInt(360), 40 + r.nextInt(120), 30 + r.nextInt(80));
        }
        Font font = Render.font(Render.NANUM_GOTHIC, 34f).deriveFont(Font.BOLD);
        GlyphVector gv = font.createGlyphVector(g.getFontRenderContext(), subtitle);
        int width = (int) gv.getLogicalBounds().getWidth();
        var shape = gv.getOutline((960 - width) / 2f, 480);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(4f));
        g.draw(shape);
        g.setColor(Color.WHITE);
        g.fill(shape);
        subtitleBounds[0] = shape.getBounds();
        g.dispose();
        Render.noise(img, 12, seed);
        return img;
    }

    @Test
    void detectsSubtitleBandReadsItAndReusesTheCache() {
        String subtitle = "지금부터 회의를 시작하겠습니다";
        Rectangle[] drawn = new Rectangle[1];
        BufferedImage f1 = frame(subtitle, 1, drawn);
        Rectangle text = drawn[0];

        List<TextRegion> regions =
                new TextRegionDetector().detect(OcrImage.of(f1).toGray(), 960, 540);
        assertThat(regions).anySatisfy(r -> {
            assertThat(r.y()).isLessThanOrEqualTo(text.y + 2);
            assertThat(r.y() + r.height()).isGreaterThanOrEqualTo(text.y + text.height - 2);
            assertThat(r.x()).isLessThanOrEqualTo(text.x + 2);
            assertThat(r.x() + r.width()).isGreaterThanOrEqualTo(text.x + text.width - 2);
        });

        try (var engine = new TesseractOcrEngine(TesseractConfig.defaults())) {
            FrameOcr ocr = new FrameOcr(engine, new TextRegionDetector(), FrameOcrCache.defaults());
            List<OcrWord> words = ocr.recognize(OcrImage.of(f1));
            List<OcrWord> band = words.stream()
                    .filter(w -> w.y1() * 540 >= text.y - 12 && w.y2() * 540 <= text.y + text.height + 12)
                    .toList();
            String hyp = String.join(" ", OcrText.lines(band));
            double acc = Accuracy.charAccuracy(subtitle, hyp);
            System.out.printf(
                    "[ocr-accuracy] video subtitle band     1-CER=%.4f hyp=%s (all: %s)%n",
                    acc, hyp, OcrText.hcxOcr(words));
            assertThat(acc).isGreaterThanOrEqualTo(0.9);

            long misses = ocr.cache().misses();
            // next frame: same subtitle, different noise and blobs move -> cache hit for the subtitle band
            List<OcrWord> again = ocr.recognize(OcrImage.of(frame(subtitle, 2, drawn)));
            assertThat(ocr.cache().hits()).isGreaterThanOrEqualTo(1);
            assertThat(OcrText.lines(again)).contains(OcrText.lines(band).getFirst());
            // FrameOcr is an OcrEngine, so the Enricher serves video frames too (cache hit here)
            try (var enricher = new dev.hcxmesh.ocrlens.Enricher(ocr, List.of(), java.time.Duration.ofSeconds(10))) {
                assertThat(enricher.enrich(OcrImage.of(f1)).ocr())
                        .contains(
                                String.join(", ", OcrText.lines(band).getFirst().split(" ")));
            }
            // a new subtitle misses
            long hits = ocr.cache().hits();
            ocr.recognize(OcrImage.of(frame("다음 안건으로 넘어가겠습니다", 1, drawn)));
            assertThat(ocr.cache().misses()).isGreaterThan(misses);
            assertThat(ocr.cache().hits()).isGreaterThanOrEqualTo(hits);
        }
    }
}
