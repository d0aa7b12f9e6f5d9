package dev.hcxmesh.decoder.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.decoder.api.ChatTurn;
import dev.hcxmesh.model.fixtures.TinyCheckpoint;
import dev.hcxmesh.model.prompt.Conversation;
import dev.hcxmesh.model.prompt.HcxPromptBuilder;
import dev.hcxmesh.model.prompt.Message;
import dev.hcxmesh.model.prompt.PromptOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HcxChatRendererTest {

    @Test
    void chatTurnsRenderAsTheHcxPromptAndImagesSpliceAtTheirPlaceholders(@TempDir Path dir) {
        TinyCheckpoint.write(dir, 3L, TinyCheckpoint.Options.defaults());
        var builder = HcxPromptBuilder.load(dir);
        var renderer = new HcxChatRenderer(builder);

        var text = renderer.render(List.of(ChatTurn.text("system", "Be brief."), ChatTurn.text("user", "안녕 hello")));
        var expected = builder.encode(
                Conversation.of(Message.system("Be brief."), Message.user("안녕 hello")), PromptOptions.DEFAULT);
        assertThat(text.ids()).containsExactly(expected);
        assertThat(builder.tokenizer().decode(text.ids())).startsWith("<|im_start|>tool_list\n");

        var rows = new ChatTurn.VisualEmbedding(3, 2, new float[6]);
        var withImage = renderer.render(List.of(new ChatTurn(
                "user", List.of(new ChatTurn.Image(rows, "image/png", "a.png"), new ChatTurn.Text("What is this?")))));
        var splice = withImage.splices().getFirst();
        assertThat(splice.count()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(withImage.ids()[splice.start() + i]).isEqualTo(builder.imageTokenId());
        }
    }
}
