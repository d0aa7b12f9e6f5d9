package dev.hcxmesh.model.prompt;

/**
 * The content of the {@code image/aux} block (HCX-MODEL-SPEC §6.2): a fixed Korean instruction, one
 * space, then a JSON object with the OCR and lens fields. The one place this text is built; the OCR
 * stage and both prompt renderers call {@link #format}.
 *
 * <p>Escaping decision: the values are JSON-escaped as Python {@code json.dumps(ensure_ascii=False)}
 * does ({@link JsonText#quote}). The published block's separators ({@code ", "} and {@code ": "})
 * are exactly Python's defaults, which points at {@code tojson} in the original template; for
 * ordinary text (no quote, backslash or control character) escaped and raw concatenation are the
 * same bytes, and escaping keeps the object valid JSON when OCR returns quotes or line breaks.
 */
public final class AuxBlock {
    private AuxBlock() {}

    /** Role of the block. */
    public static final String ROLE = "image/aux";

    /**
     * The instruction, ending with "답변하세요." and one space; bytes copied from the spec (228 UTF-8
     * bytes, "위치입니다.bbox는" with no space).
     */
    public static final String INSTRUCTION = "다음 중 ocr은 사진에서 검출된 글자이고, lens_keyword는 사진에서 추출된 keyword와 bbox 위치입니다."
            + "bbox는 0~1 사이로 정규화된 [x1, y1, x2, y2]의 형태입니다. 참고하여 답변하세요. ";

    /** The aux block content; null fields are written as {@code ""}. */
    public static String format(String ocr, String lensKeywords, String lensLocalKeywords) {
        return INSTRUCTION
                + "{\"ocr\": " + JsonText.quote(nullToEmpty(ocr))
                + ", \"lens_keywords\": " + JsonText.quote(nullToEmpty(lensKeywords))
                + ", \"lens_local_keywords\": " + JsonText.quote(nullToEmpty(lensLocalKeywords))
                + "}";
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
