package dev.hcxmesh.ocrlens.lens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.ocrlens.ocr.OcrImage;
import dev.hcxmesh.ocrlens.ocr.OcrWord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextEntityProviderTest {

    static final OcrImage IMG = new OcrImage(1, 1, new byte[3]);

    /** Words of one line each, laid out left to right with 0.05 per word. */
    static List<OcrWord> lines(String... lines) {
        List<OcrWord> out = new ArrayList<>();
        for (int l = 0; l < lines.length; l++) {
            String[] ws = lines[l].split(" ");
            for (int i = 0; i < ws.length; i++) {
                out.add(new OcrWord(
                        ws[i],
                        new float[] {i * 0.05f, l * 0.1f, i * 0.05f + 0.04f, l * 0.1f + 0.08f},
                        0.9f - i * 0.01f,
                        l));
            }
        }
        return out;
    }

    static List<String> found(List<LensKeyword> ks) {
        return ks.stream().map(k -> k.kind() + ":" + k.text()).toList();
    }

    @Test
    void findsKoreanPhoneFormats() {
        var ks = new TextEntityProvider()
                .detect(
                        IMG,
                        lines(
                                "휴대폰 010-1234-5678 문의",
                                "대표 02-123-4567 또는 1588-1234",
                                "국제 +82 10-9876-5432",
                                "경기 031 123 4567"));
        assertThat(found(ks))
                .containsExactly(
                        "phone:010-1234-5678",
                        "phone:02-123-4567",
                        "phone:1588-1234",
                        "phone:+82 10-9876-5432",
                        "phone:031 123 4567");
        // a number spread over three words gets the union box and the lowest confidence
        LensKeyword spread = ks.getLast();
        assertThat(spread.box()).containsExactly(0.05f, 0.3f, 0.19f, 0.38f);
        assertThat(spread.score()).isEqualTo(0.87f);
    }

    @Test
    void findsUrlsEmailsHandlesHashtags() {
        var ks = new TextEntityProvider()
                .detect(
                        IMG,
                        lines(
                                "Visit https://clova.ai/ko/ocr, now",
                                "mail Help@NAVER.com or @clova_ai",
                                "#네이버 #OCR2026 WWw.Naver.com/Path."));
        assertThat(found(ks))
                .containsExactly(
                        "url:https://clova.ai/ko/ocr",
                        "email:Help@naver.com",
                        "handle:@clova_ai",
                        "hashtag:#네이버",
                        "hashtag:#OCR2026",
                        "url:www.naver.com/Path");
    }

    @Test
    void ignoresPlainTextAndNumbers() {
        assertThat(new TextEntityProvider().detect(IMG, lines("price 12,000 won", "2026-11-22 meeting", "a.b")))
                .isEmpty();
    }
}
