package dev.hcxmesh.model.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HcxPromptRendererTest {

    static List<PromptExamples.Example> examples() {
        return PromptExamples.all();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void rendersExactBytes(PromptExamples.Example e) {
        String rendered = HcxPromptRenderer.render(e.conversation(), e.options());
        assertThat(rendered.getBytes(StandardCharsets.UTF_8))
                .isEqualTo(e.expected().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void auxInstructionIsTheSpecBytes() throws Exception {
        byte[] bytes = AuxBlock.INSTRUCTION.getBytes(StandardCharsets.UTF_8);
        assertThat(AuxBlock.INSTRUCTION).isEqualTo(PromptExamples.AUX);
        assertThat(bytes).hasSize(228);
        // SHA-256 of the UTF-8 text between "image/aux\n" and "{\"ocr\"" in HCX-MODEL-SPEC.md §6.2
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))
                .isEqualTo("49a07ebe5c3e9e22bf0f86e054a369955ba96f7cc2c0a59b378cc0833b403e17");
        assertThat(AuxBlock.INSTRUCTION).contains("위치입니다.bbox는").endsWith("답변하세요. ");
    }

    @Test
    void auxFormatEscapesLikePythonJsonDumps() {
        assertThat(AuxBlock.format("a\"b", null, "c\\d\n\u001f"))
                .isEqualTo(
                        PromptExamples.AUX
                                + "{\"ocr\": \"a\\\"b\", \"lens_keywords\": \"\", \"lens_local_keywords\": \"c\\\\d\\n\\u001f\"}");
        assertThat(JsonText.write(java.util.Map.of("k", List.of(1, "가", true)))).isEqualTo("{\"k\": [1, \"가\", true]}");
    }

    @Test
    void misplacedMessagesAreRejected() {
        assertThatThrownBy(() -> Conversation.of(Message.user("x"), Message.toolList("")))
                .hasMessageContaining("tool_list message: expected at index 0, found at 1");
        assertThatThrownBy(() -> Conversation.of(Message.user("x"), Message.system("s")))
                .hasMessageContaining("system message");
        assertThatThrownBy(() -> Message.of(Role.ASSISTANT, ContentItem.Image.of("a.jpg")))
                .hasMessageContaining("expected text items only, found Image");
    }

    @Test
    void stopStrings() {
        assertThat(SpecialTokens.STOP_STRINGS).containsExactly("<|endofturn|>", "<|stop|>", "<|im_end|>");
    }
}
