package dev.hcxmesh.ocrlens.lens;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.PlanarYUVLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.ResultPoint;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.multi.GenericMultipleBarcodeReader;
import com.google.zxing.multi.qrcode.QRCodeMultiReader;
import dev.hcxmesh.ocrlens.ocr.Boxes;
import dev.hcxmesh.ocrlens.ocr.OcrImage;
import dev.hcxmesh.ocrlens.ocr.OcrWord;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * QR codes and 1D/2D barcodes with ZXing; several symbols per image. The keyword text is the decoded payload
 * (e.g. a URL), the kind is {@code "qr"} for QR codes and {@code "barcode:<FORMAT>"} otherwise. Boxes span
 * ZXing's result points: for QR these are the finder-pattern centres (3.5 modules inside the symbol's
 * corners), for 1D codes one scan line (so the box is expanded by 1 % vertically to keep it non-empty).
 * Score is 1 (a decoded symbol passed its checksum / error correction).
 */
public final class QrBarcodeProvider implements LensProvider {

    private final Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);

    public QrBarcodeProvider() {
        hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
        hints.put(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.values()));
        hints.put(DecodeHintType.CHARACTER_SET, "UTF-8");
    }

    @Override
    public String name() {
        return "qr";
    }

    @Override
    public List<LensKeyword> detect(OcrImage image, List<OcrWord> words) {
        int w = image.width();
        int h = image.height();
        var source = new PlanarYUVLuminanceSource(image.toGray(), w, h, 0, 0, w, h, false);
        var bitmap = new BinaryBitmap(new HybridBinarizer(source));
        Map<String, Result> found = new LinkedHashMap<>(); // payload -> first result
        try {
            for (Result r : new QRCodeMultiReader().decodeMultiple(bitmap, hints)) {
                found.putIfAbsent(r.getText(), r);
            }
        } catch (NotFoundException e) {
            // no QR code
        }
        try {
            for (Result r : new GenericMultipleBarcodeReader(new MultiFormatReader()).decodeMultiple(bitmap, hints)) {
                found.putIfAbsent(r.getText(), r);
            }
        } catch (NotFoundException e) {
            // no other symbol
        }
        List<LensKeyword> out = new ArrayList<>();
        for (Result r : found.values()) {
            if (r.getText() == null || r.getText().isBlank()) {
                continue;
            }
            String kind = r.getBarcodeFormat() == BarcodeFormat.QR_CODE ? "qr" : "barcode:" + r.getBarcodeFormat();
            out.add(new LensKeyword(r.getText(), box(r.getResultPoints(), w, h), kind, 1f));
        }
        return out;
    }

    private static float[] box(ResultPoint[] points, int w, int h) {
        if (points == null || points.length == 0) {
            return null;
        }
        float x1 = Float.MAX_VALUE;
        float y1 = Float.MAX_VALUE;
        float x2 = -Float.MAX_VALUE;
        float y2 = -Float.MAX_VALUE;
        for (ResultPoint p : points) {
            if (p == null) {
                continue;
            }
            x1 = Math.min(x1, p.getX());
            y1 = Math.min(y1, p.getY());
            x2 = Math.max(x2, p.getX());
            y2 = Math.max(y2, p.getY());
        }
        if (x1 > x2) {
            return null;
        }
        if (y2 - y1 < 1) { // a 1D scan line
            y1 -= 0.01f * h;
            y2 += 0.01f * h;
        }
        return Boxes.normalise(Math.round(x1), Math.round(y1), Math.round(x2), Math.round(y2), w, h);
    }
}
