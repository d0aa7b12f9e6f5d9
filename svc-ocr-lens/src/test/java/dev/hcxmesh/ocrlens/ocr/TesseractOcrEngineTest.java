package dev.hcxmesh.ocrlens.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.ocrlens.Accuracy;
import dev.hcxmesh.ocrlens.Render;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rendered Korean + English pages through real Tesseract (kor+eng, PSM 6). ~1 s init + ~0.4 s per page. */
class TesseractOcrEngineTest {

    static TesseractOcrEngine engine;

    static final List<String> MIXED =
            List.of("서울특별시 강남구 테헤란로 152", "Naver CLOVA OCR test 2026", "오늘의 날씨는 맑음입니다", "Hello world from Java");
    static final List<String> ENGLISH =
            List.of("The quick brown fox jumps", "over the lazy dog 1234567890", "Seoul Busan Incheon Daegu");

    @BeforeAll
    static void init() {
        engine = new TesseractOcrEngine(TesseractConfig.defaults().withPoolSize(2));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    /** 1 - CER of the recognised lines (joined by newlines) against the drawn lines. */
    static double accuracy(String what, List<String> expected, List<OcrWord> words) {
        String ref = String.join("\n", expected);
        String hyp = String.join("\n", OcrText.lines(words));
        double acc = Accuracy.charAccuracy(ref, hyp);
        System.out.printf("[ocr-accuracy] %-28s 1-CER=%.4f hyp=%s%n", what, acc, hyp.replace("\n", " | "));
        return acc;
    }

    static Rectangle union(List<Render.Drawn> drawn) {
        Rectangle all = new Rectangle(drawn.getFirst().bounds());
        drawn.forEach(d -> all.add(d.bounds()));
        return all;
    }

    static void assertBoxesInside(List<OcrWord> words, Rectangle r, BufferedImage img, int slack) {
        assertThat(words).isNotEmpty();
        for (OcrWord w : words) {
            float[] b = w.box();
            assertThat(b[0] * img.getWidth()).as("x1 of %s", w).isGreaterThanOrEqualTo(r.x - slack);
            assertThat(b[1] * img.getHeight()).as("y1 of %s", w).isGreaterThanOrEqualTo(r.y - slack);
            assertThat(b[2] * img.getWidth()).as("x2 of %s", w).isLessThanOrEqualTo(r.x + r.width + slack);
            assertThat(b[3] * img.getHeight()).as("y2 of %s", w).isLessThanOrEqualTo(r.y + r.height + slack);
        }
    }

    void assertClean(String font, float size, List<String> lines) {
        BufferedImage img = Render.canvas(1400, 600, Color.WHITE);
        List<Render.Drawn> drawn = Render.lines(img, Render.font(font, size), Color.BLACK, 40, 30, lines);
        List<OcrWord> words = engine.recognize(img);
        String name = font.substring(font.lastIndexOf('/') + 1) + " " + (int) size;
        assertThat(accuracy(name, lines, words)).as(name).isGreaterThanOrEqualTo(0.95);
        assertBoxesInside(words, union(drawn), img, 2);
        // each recognised line sits on its drawn line: word centre inside that line's bounds
        for (OcrWord w : words) {
            float cy = (w.y1() + w.y2()) / 2 * img.getHeight();
            Rectangle line = drawn.get(w.line()).bounds();
            assertThat(cy)
                    .as("centre of %s in line %d", w, w.line())
                    .isBetween((float) line.y, (float) line.y + line.height);
        }
    }

    @Test
    void nanumGothicSmallAndLarge() {
        assertClean(Render.NANUM_GOTHIC, 24f, MIXED);
        assertClean(Render.NANUM_GOTHIC, 48f, MIXED);
    }

    @Test
    void nanumMyeongjo36() {
        assertClean(Render.NANUM_MYEONGJO, 36f, MIXED);
    }

    @Test
    void dejaVuEnglish32() {
        assertClean(Render.DEJAVU_SANS, 32f, ENGLISH);
    }

    @Test
    void rotatedTwoDegrees() {
        BufferedImage img = Render.canvas(1400, 600, Color.WHITE);
        Render.lines(img, Render.font(Render.NANUM_GOTHIC, 40f), Color.BLACK, 120, 80, MIXED);
        BufferedImage rotated = Render.rotate(img, 2.0, Color.WHITE);
        double acc = accuracy("rotated 2deg", MIXED, engine.recognize(rotated));
        assertThat(acc).isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void noisyGradientBackground() {
        BufferedImage img = Render.canvas(1400, 600, Color.WHITE);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(255, 250, 220), 1400, 600, new Color(170, 200, 230)));
        g.fillRect(0, 0, 1400, 600);
        g.dispose();
        List<Render.Drawn> drawn =
                Render.lines(img, Render.font(Render.NANUM_GOTHIC, 40f), new Color(20, 20, 60), 40, 30, MIXED);
        Render.noise(img, 30, 7);
        List<OcrWord> words = engine.recognize(img);
        assertThat(accuracy("noisy gradient", MIXED, words)).isGreaterThanOrEqualTo(0.85);
        assertBoxesInside(words, union(drawn), img, 4);
    }

    @Test
    void ocrFieldIsRasterOrderJoinedByCommaAndConfidencesFiltered() {
        BufferedImage img = Render.canvas(900, 200, Color.WHITE);
        Render.lines(
                img, Render.font(Render.NANUM_GOTHIC, 40f), Color.BLACK, 30, 20, List.of("Naver CLOVA", "bigshane"));
        List<OcrWord> words = engine.recognize(img);
        assertThat(OcrText.hcxOcr(words)).isEqualTo("Naver, CLOVA, bigshane");
        assertThat(OcrText.hcxOcr(words, OcrText.Join.LINES)).isEqualTo("Naver CLOVA, bigshane");
        assertThat(words).allSatisfy(w -> assertThat(w.confidence()).isGreaterThanOrEqualTo(0.4f));
        assertThat(engine.recognize(OcrImage.of(Render.canvas(200, 100, Color.WHITE))))
                .isEmpty();
    }

    @Test
    void concurrentCallsUseSeparateInstances() throws Exception {
        BufferedImage img = Render.canvas(900, 200, Color.WHITE);
        Render.lines(img, Render.font(Render.NANUM_GOTHIC, 40f), Color.BLACK, 30, 20, List.of("서울특별시 Naver 2026"));
        OcrImage image = OcrImage.of(img);
        try (var pool = Executors.newFixedThreadPool(2)) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> String.join(" ", OcrText.lines(engine.recognize(image)))));
            }
            for (Future<String> f : results) {
                assertThat(f.get()).isEqualTo("서울특별시 Naver 2026");
            }
        }
        assertThat(engine.instances()).isBetween(1, 2);
    }

    @Test
    void expiredDeadlineReturnsNoWords() {
        BufferedImage img = Render.canvas(600, 100, Color.WHITE);
        Render.lines(img, Render.font(Render.NANUM_GOTHIC, 40f), Color.BLACK, 10, 10, List.of("deadline"));
        assertThat(engine.recognize(OcrImage.of(img), System.nanoTime() - 1)).isEmpty();
    }
}
