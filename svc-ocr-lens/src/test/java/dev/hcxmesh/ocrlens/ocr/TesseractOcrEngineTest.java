package dev.hcxmesh.ocrlens.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.ocrlens.Accuracy;
import dev.hcxmesh.ocrlens.Render;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TesseractOcrEngineTest {

    static TesseractOcrEngine engine;

    static final List<String> MIXED =
            List.of("서울특별시 강남구 테헤란로 152", "Naver CLOVA OCR test 2026", "오늘의 날씨는 맑음입니다", "Hello world from Java");

    @BeforeAll
    static void init() {
        engine = new TesseractOcrEngine(TesseractConfig.defaults());
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    static double accuracy(List<String> expected, List<OcrWord> words) {
        String ref = String.join("\n", expected);
        String hyp = String.join("\n", OcrText.lines(words));
        double acc = Accuracy.charAccuracy(ref, hyp);
        System.out.printf("acc=%.4f%n  ref=%s%n  hyp=%s%n", acc, ref.replace("\n", " | "), hyp.replace("\n", " | "));
        return acc;
    }

    void assertClean(String font, float size) {
        BufferedImage img = Render.canvas(1400, 600, Color.WHITE);
        List<Render.Drawn> drawn = Render.lines(img, Render.font(font, size), Color.BLACK, 40, 30, MIXED);
        List<OcrWord> words = engine.recognize(img);
        assertThat(accuracy(MIXED, words)).as(font + " " + size).isGreaterThanOrEqualTo(0.95);
        Rectangle all = drawn.getFirst().bounds();
        for (Render.Drawn d : drawn) {
            all = all.union(d.bounds());
        }
        for (OcrWord w : words) {
            float[] b = w.box();
            assertThat(b[0] * img.getWidth()).isGreaterThanOrEqualTo(all.x - 2);
            assertThat(b[1] * img.getHeight()).isGreaterThanOrEqualTo(all.y - 2);
            assertThat(b[2] * img.getWidth()).isLessThanOrEqualTo(all.x + all.width + 2);
            assertThat(b[3] * img.getHeight()).isLessThanOrEqualTo(all.y + all.height + 2);
        }
    }

    @Test
    void nanumGothic36() {
        assertClean(Render.NANUM_GOTHIC, 36f);
    }
}
