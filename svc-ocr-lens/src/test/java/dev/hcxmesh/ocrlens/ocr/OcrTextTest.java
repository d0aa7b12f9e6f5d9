package dev.hcxmesh.ocrlens.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OcrTextTest {

    /** A word at pixel x range [x1, x2), y range [0, 40) of a 1000 x 100 image. */
    static OcrWord w(String t, int x1, int x2, int line) {
        return new OcrWord(t, new float[] {x1 / 1000f, line * 0.5f, x2 / 1000f, line * 0.5f + 0.4f}, 0.9f, line);
    }

    @Test
    void joinsHangulFragmentsWithSmallGapsOnly() {
        List<OcrWord> words =
                List.of(w("서", 0, 40, 0), w("울특별시", 45, 200, 0), w("강남구", 230, 340, 0), w("abc", 343, 400, 0));
        List<OcrWord> out = OcrText.postProcess(words, 1000, 100);
        // gap 5 px < 0.38 * 40: joined; gap 30 px: a real space; Hangul + Latin never joined
        assertThat(out).extracting(OcrWord::text).containsExactly("서울특별시", "강남구", "abc");
        assertThat(out.getFirst().box()).containsExactly(0f, 0f, 0.2f, 0.4f);
    }

    @Test
    void doesNotJoinAcrossLines() {
        List<OcrWord> out = OcrText.postProcess(List.of(w("가", 0, 40, 0), w("나", 42, 80, 1)), 1000, 100);
        assertThat(out).hasSize(2);
    }

    @Test
    void dehyphenatesLowercaseContinuation() {
        List<OcrWord> words =
                List.of(w("text", 0, 80, 0), w("recog-", 100, 200, 0), w("nition", 0, 120, 1), w("works", 140, 240, 1));
        List<OcrWord> out = OcrText.postProcess(words, 1000, 100);
        assertThat(out).extracting(OcrWord::text).containsExactly("text", "recognition", "works");
        assertThat(out.get(1).line()).isZero();
        // an upper-case continuation or a lone dash is kept
        assertThat(OcrText.postProcess(List.of(w("Jean-", 0, 80, 0), w("Paul", 0, 80, 1)), 1000, 100))
                .hasSize(2);
        assertThat(OcrText.postProcess(List.of(w("-", 0, 10, 0), w("next", 0, 80, 1)), 1000, 100))
                .hasSize(2);
    }

    @Test
    void hcxOcrJoinsWordsWithCommaSpace() {
        List<OcrWord> words = List.of(w("Naver", 0, 80, 0), w("CLOVA", 100, 200, 0), w("big\u00A0 shane", 0, 80, 1));
        assertThat(OcrText.hcxOcr(words)).isEqualTo("Naver, CLOVA, big shane");
        assertThat(OcrText.hcxOcr(words, OcrText.Join.LINES)).isEqualTo("Naver CLOVA, big shane");
        assertThat(OcrText.hcxOcr(List.of())).isEmpty();
    }
}
