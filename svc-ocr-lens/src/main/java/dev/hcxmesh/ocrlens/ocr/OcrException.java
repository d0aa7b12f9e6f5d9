package dev.hcxmesh.ocrlens.ocr;

/** A failure of the native OCR engine (init or recognition). */
public final class OcrException extends RuntimeException {
    public OcrException(String message) {
        super(message);
    }
}
