package dev.hcxmesh.ocrlens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.model.prompt.AuxBlock;
import dev.hcxmesh.ocrlens.lens.TextEntityProvider;
import dev.hcxmesh.ocrlens.ocr.OcrImage;
import dev.hcxmesh.ocrlens.ocr.TesseractConfig;
import dev.hcxmesh.ocrlens.ocr.TesseractOcrEngine;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The aux block the prompt carries, built from this stage's own output on a fixed rendered page,
 * equals the HCX prompt format byte for byte (HCX-MODEL-SPEC §6.2: Korean instruction, one space,
 * then the JSON object with ocr / lens_keywords / lens_local_keywords).
 */
class AuxBlockBytesTest {

    @Test
    void stageOutputBecomesTheExpectedAuxBytes() {
        var img = Render.canvas(900, 160, Color.WHITE);
        Render.lines(img, Render.font(Render.DEJAVU_SANS, 48f), Color.BLACK, 40, 30, List.of("NAVER CLOVA"));
        try (var engine = new TesseractOcrEngine(TesseractConfig.defaults());
                var enricher = new Enricher(engine, List.of(new TextEntityProvider()), Duration.ofSeconds(20))) {
            var r = enricher.enrich(OcrImage.of(img));
            String aux = AuxBlock.format(r.ocr(), r.lensKeywords(), r.lensLocalKeywords());

            String expected = "다음 중 ocr은 사진에서 검출된 글자이고, lens_keyword는 사진에서 추출된 keyword와 bbox 위치입니다."
                    + "bbox는 0~1 사이로 정규화된 [x1, y1, x2, y2]의 형태입니다. 참고하여 답변하세요. "
                    + "{\"ocr\": \"NAVER, CLOVA\", \"lens_keywords\": \"\", \"lens_local_keywords\": \"\"}";
            assertThat(aux.getBytes(StandardCharsets.UTF_8)).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        }
    }
}
