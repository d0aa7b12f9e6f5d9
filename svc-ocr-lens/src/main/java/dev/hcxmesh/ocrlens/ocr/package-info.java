/**
 * Text recognition: {@link dev.hcxmesh.ocrlens.ocr.OcrEngine} and its Tesseract implementation (bytedeco
 * 5.5.2, Debian tessdata, kor+eng, PSM 6), plus the pure text rules in {@link dev.hcxmesh.ocrlens.ocr.OcrText}.
 */
package dev.hcxmesh.ocrlens.ocr;
