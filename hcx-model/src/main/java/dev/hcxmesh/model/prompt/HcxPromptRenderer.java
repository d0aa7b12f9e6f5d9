package dev.hcxmesh.model.prompt;

import static dev.hcxmesh.model.prompt.SpecialTokens.IM_END;
import static dev.hcxmesh.model.prompt.SpecialTokens.IM_START;

/**
 * The hand-built HCX ChatML renderer (HCX-MODEL-SPEC §6); the oracle the Jinja path is checked
 * against, and the renderer used when a checkpoint has no chat template.
 *
 * <pre>
 * &lt;|im_start|&gt;{role}\n{content}&lt;|im_end|&gt;\n                      one block per message / item
 * image: &lt;|im_start|&gt;user (mime) \n{"type": MIME, "filename": F}&lt;|im_end|&gt;\n
 *        &lt;|im_start|&gt;user (vector)\n&lt;|dummy3|&gt;&lt;|im_end|&gt;\n
 *        &lt;|im_start|&gt;image/aux\n{AuxBlock.format(...)}&lt;|im_end|&gt;\n
 * video: the same with &lt;|_unuse_missing_100270|&gt;; aux block only when given
 * end:   &lt;|im_start|&gt;assistant\n
 * </pre>
 */
public final class HcxPromptRenderer {
    private HcxPromptRenderer() {}

    /** Renders the conversation as prompt text (special tokens as literal strings). */
    public static String render(Conversation conversation, PromptOptions options) {
        Conversation conv = options.emptyToolList() ? conversation.withEmptyToolList() : conversation;
        StringBuilder sb = new StringBuilder();
        for (Message m : conv.messages()) {
            if (m.role() != Role.USER) {
                block(sb, m.role().wire(), m.text());
                continue;
            }
            for (ContentItem item : m.content()) {
                switch (item) {
                    case ContentItem.Text t -> block(sb, Role.USER.wire(), t.text());
                    case ContentItem.Image img -> {
                        mimeBlock(sb, img.mime(), img.filename());
                        block(sb, "user (vector)", SpecialTokens.IMAGE_PLACEHOLDER);
                        block(
                                sb,
                                AuxBlock.ROLE,
                                AuxBlock.format(img.ocr(), img.lensKeywords(), img.lensLocalKeywords()));
                    }
                    case ContentItem.Video vid -> {
                        mimeBlock(sb, vid.mime(), vid.filename());
                        block(sb, "user (vector)", SpecialTokens.VIDEO_PLACEHOLDER);
                        if (vid.hasAux()) {
                            block(
                                    sb,
                                    AuxBlock.ROLE,
                                    AuxBlock.format(vid.ocr(), vid.lensKeywords(), vid.lensLocalKeywords()));
                        }
                    }
                }
            }
        }
        if (options.addGenerationPrompt()) {
            sb.append(IM_START).append(Role.ASSISTANT.wire()).append('\n');
        }
        return sb.toString();
    }

    /** The mime block content: {@code {"type": "image/jpeg", "filename": "a.jpg"}}. */
    public static String mimeJson(String mime, String filename) {
        return "{\"type\": " + JsonText.quote(mime) + ", \"filename\": " + JsonText.quote(filename) + "}";
    }

    private static void mimeBlock(StringBuilder sb, String mime, String filename) {
        // "user (mime) " keeps the trailing space both TensorRT-LLM versions write (spec §6.2)
        block(sb, "user (mime) ", mimeJson(mime, filename));
    }

    private static void block(StringBuilder sb, String role, String content) {
        sb.append(IM_START)
                .append(role)
                .append('\n')
                .append(content)
                .append(IM_END)
                .append('\n');
    }
}
