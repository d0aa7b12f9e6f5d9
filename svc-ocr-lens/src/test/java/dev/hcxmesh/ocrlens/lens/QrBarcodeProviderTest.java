package dev.hcxmesh.ocrlens.lens;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.MultiFormatWriter;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;
import dev.hcxmesh.ocrlens.Render;
import dev.hcxmesh.ocrlens.ocr.OcrImage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QrBarcodeProviderTest {

    static BufferedImage qr(String text, int size) throws Exception {
        var m = new QRCodeWriter()
                .encode(text, BarcodeFormat.QR_CODE, size, size, Map.of(EncodeHintType.CHARACTER_SET, "UTF-8"));
        return MatrixToImageWriter.toBufferedImage(m);
    }

    static void assertInside(float[] box, int x, int y, int w, int h, BufferedImage page) {
        assertThat(box[0] * page.getWidth()).isGreaterThanOrEqualTo(x - 1f);
        assertThat(box[1] * page.getHeight()).isGreaterThanOrEqualTo(y - 1f);
        assertThat(box[2] * page.getWidth()).isLessThanOrEqualTo(x + w + 1f);
        assertThat(box[3] * page.getHeight()).isLessThanOrEqualTo(y + h + 1f);
    }

    @Test
    void decodesQrUrlsAndBarcodeWithBoxes() throws Exception {
        BufferedImage page = Render.canvas(1000, 600, new Color(240, 240, 240));
        Graphics2D g = page.createGraphics();
        g.drawImage(qr("https://clova.ai/hcx?q=1", 200), 50, 60, null);
        g.drawImage(qr("https://naver.com/한글", 220), 700, 300, null);
        var code128 = MatrixToImageWriter.toBufferedImage(
                new MultiFormatWriter().encode("HCX-2026-0042", BarcodeFormat.CODE_128, 360, 90));
        g.drawImage(code128, 300, 420, null);
        g.dispose();

        List<LensKeyword> ks = new QrBarcodeProvider().detect(OcrImage.of(page), List.of());
        assertThat(ks)
                .extracting(LensKeyword::text)
                .containsExactlyInAnyOrder("https://clova.ai/hcx?q=1", "https://naver.com/한글", "HCX-2026-0042");
        for (LensKeyword k : ks) {
            switch (k.text()) {
                case "https://clova.ai/hcx?q=1" -> {
                    assertThat(k.kind()).isEqualTo("qr");
                    assertInside(k.box(), 50, 60, 200, 200, page);
                }
                case "https://naver.com/한글" -> assertInside(k.box(), 700, 300, 220, 220, page);
                default -> {
                    assertThat(k.kind()).isEqualTo("barcode:CODE_128");
                    assertInside(k.box(), 300, 420 - 6, 360, 90 + 12, page);
                }
            }
        }
        assertThat(LensFormatter.lensLocalKeywords(ks)).startsWith("[0.").contains("] https://clova.ai/hcx?q=1, [");
    }

    @Test
    void blankImageHasNoCodes() {
        assertThat(new QrBarcodeProvider().detect(OcrImage.of(Render.canvas(300, 200, Color.WHITE)), List.of()))
                .isEmpty();
    }
}
