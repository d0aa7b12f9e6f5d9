package dev.hcxmesh.ocrlens;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;
import dev.hcxmesh.ocrlens.lens.LensKeyword;
import dev.hcxmesh.ocrlens.lens.LensProvider;
import dev.hcxmesh.ocrlens.lens.QrBarcodeProvider;
import dev.hcxmesh.ocrlens.lens.TextEntityProvider;
import dev.hcxmesh.ocrlens.ocr.OcrImage;
import dev.hcxmesh.ocrlens.ocr.OcrWord;
import dev.hcxmesh.ocrlens.ocr.TesseractConfig;
import dev.hcxmesh.ocrlens.ocr.TesseractOcrEngine;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EnricherTest {

    static TesseractOcrEngine engine;
    static OcrImage poster;

    @BeforeAll
    static void init() throws Exception {
        engine = new TesseractOcrEngine(TesseractConfig.defaults());
        BufferedImage img = Render.canvas(1200, 500, Color.WHITE);
        Render.lines(
                img,
                Render.font(Render.NANUM_GOTHIC, 36f),
                Color.BLACK,
                40,
                30,
                List.of("네이버 클로바 설명회", "문의 010-1234-5678", "www.naver.com #클로바"));
        Graphics2D g = img.createGraphics();
        g.drawImage(
                MatrixToImageWriter.toBufferedImage(
                        new QRCodeWriter().encode("https://clova.ai/event", BarcodeFormat.QR_CODE, 220, 220)),
                900,
                200,
                null);
        g.dispose();
        poster = OcrImage.of(img);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void posterGivesAllThreeFields() {
        try (var e = new Enricher(
                engine, List.of(new QrBarcodeProvider(), new TextEntityProvider()), Duration.ofSeconds(20))) {
            Enrichment r = e.enrich(poster);
            System.out.println("[enrich] ocr=" + r.ocr() + "\n[enrich] lens_keywords=" + r.lensKeywords()
                    + "\n[enrich] lens_local_keywords=" + r.lensLocalKeywords() + " (" + r.elapsedMillis() + " ms)");
            assertThat(r.status()).isEqualTo(Enrichment.Status.COMPLETE);
            assertThat(r.ocr()).startsWith("네이버, 클로바, 설명회, 문의, 010-1234-5678");
            // no OCR word lies on the QR code (x >= 900 px of 1200)
            assertThat(r.words()).allSatisfy(w -> assertThat(w.x1()).isLessThan(0.74f));
            // raster order: phone (line 2), the URL (line 3, host lower-cased), then the QR code further down
            assertThat(r.lensKeywords())
                    .startsWith("010-1234-5678, www.naver.com")
                    .endsWith(", https://clova.ai/event");
            assertThat(r.lensLocalKeywords())
                    .matches(
                            "\\[0\\.\\d\\d, 0\\.\\d\\d, 0\\.\\d\\d, 0\\.\\d\\d\\] 010-1234-5678, .*\\] https://clova.ai/event");
        }
    }

    @Test
    void budgetOverrunReturnsPartialResultWithFlag() {
        LensProvider slow = new LensProvider() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public List<LensKeyword> detect(OcrImage image, List<OcrWord> words) {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                return List.of(new LensKeyword("never", null, "x", 1f));
            }
        };
        try (var e = new Enricher(engine, List.of(slow, new QrBarcodeProvider()), Duration.ofSeconds(5))) {
            Enrichment r = e.enrich(poster);
            assertThat(r.status()).isEqualTo(Enrichment.Status.PARTIAL_TIMEOUT);
            assertThat(r.partial()).isTrue();
            assertThat(r.incomplete()).singleElement().asString().startsWith("slow:");
            assertThat(r.ocr()).contains("010-1234-5678");
            assertThat(r.lensKeywords()).isEqualTo("https://clova.ai/event").doesNotContain("never");
            assertThat(r.elapsedMillis()).isLessThan(9_000);
        }
    }

    @Test
    void failingProviderIsReportedNotFatal() {
        LensProvider broken = new LensProvider() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public boolean needsWords() {
                return true;
            }

            @Override
            public List<LensKeyword> detect(OcrImage image, List<OcrWord> words) {
                throw new IllegalStateException("boom");
            }
        };
        try (var e = new Enricher(engine, List.of(broken), Duration.ofSeconds(20))) {
            Enrichment r = e.enrich(OcrImage.of(Render.canvas(100, 50, Color.WHITE)));
            assertThat(r.status()).isEqualTo(Enrichment.Status.PARTIAL_ERROR);
            assertThat(r.incomplete()).containsExactly("broken: boom");
            assertThat(r.ocr()).isEmpty();
        }
    }
}
