package dev.hcxmesh.model.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcxmesh.model.fixtures.TinyTokenizerFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Jinja path (generated checkpoint's chat_template through Jinjava) against the hand-built renderer. */
class ChatTemplateTest {

    @TempDir
    static Path dir;

    static ChatTemplate template;

    @BeforeAll
    static void load() {
        TinyTokenizerFiles.write(dir);
        template = ChatTemplate.fromCheckpoint(dir).orElseThrow();
    }

    static List<PromptExamples.Example> examples() {
        return PromptExamples.all();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void jinjaAndHandBuiltGiveIdenticalBytes(PromptExamples.Example e) {
        byte[] jinja = template.render(e.conversation(), e.options()).getBytes(StandardCharsets.UTF_8);
        byte[] hand = HcxPromptRenderer.render(e.conversation(), e.options()).getBytes(StandardCharsets.UTF_8);
        assertThat(jinja).isEqualTo(hand).isEqualTo(e.expected().getBytes(StandardCharsets.UTF_8));
        String perItem = template.render(e.conversation(), e.options(), ChatTemplate.Layout.ONE_ITEM_PER_MESSAGE);
        assertThat(perItem).isEqualTo(e.expected());
    }

    @Test
    void builderUsesTheTemplateWhenPresentAndTheHandBuiltPathOtherwise(@TempDir Path other) throws Exception {
        HcxPromptBuilder withTemplate = HcxPromptBuilder.load(dir);
        Files.copy(dir.resolve("tokenizer.json"), other.resolve("tokenizer.json"));
        HcxPromptBuilder without = HcxPromptBuilder.load(other);
        for (PromptExamples.Example e : PromptExamples.all()) {
            assertThat(withTemplate.render(e.conversation(), e.options())).isEqualTo(e.expected());
            assertThat(without.render(e.conversation(), e.options())).isEqualTo(e.expected());
        }
    }

    @Test
    void listFormTemplatesAndRaiseException(@TempDir Path other) throws Exception {
        Files.writeString(
                other.resolve("tokenizer_config.json"),
                "{\"eos_token\": {\"content\": \"<|endofturn|>\"}, \"chat_template\": ["
                        + "{\"name\": \"tool_use\", \"template\": \"no\"},"
                        + "{\"name\": \"default\", \"template\": \"{{ eos_token }}{% if messages|length > 9 %}"
                        + "{{ raise_exception('too many') }}{% endif %}\"}]}");
        ChatTemplate t = ChatTemplate.fromCheckpoint(other).orElseThrow();
        assertThat(t.render(Conversation.of(Message.user("x")), PromptOptions.DEFAULT))
                .isEqualTo("<|endofturn|>");
        ChatTemplate raising = new ChatTemplate("{{ raise_exception('bad roles') }}", "", "");
        assertThatThrownBy(() -> raising.render(Conversation.of(Message.user("x")), PromptOptions.DEFAULT))
                .hasMessageContaining("bad roles");
    }

    @Test
    void noTemplateMeansEmpty(@TempDir Path empty) {
        assertThat(ChatTemplate.fromCheckpoint(empty)).isEmpty();
    }
}
