package dev.hcxmesh.decoder.generate;

import dev.hcxmesh.decoder.api.ChatTurn;
import dev.hcxmesh.decoder.api.PromptRenderer;
import dev.hcxmesh.decoder.api.RenderedPrompt;
import dev.hcxmesh.decoder.engine.SequenceRequest.EmbeddingSplice;
import dev.hcxmesh.model.prompt.ContentItem;
import dev.hcxmesh.model.prompt.Conversation;
import dev.hcxmesh.model.prompt.HcxPromptBuilder;
import dev.hcxmesh.model.prompt.Message;
import dev.hcxmesh.model.prompt.PromptOptions;
import dev.hcxmesh.model.prompt.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * Chat turns (OpenAI and gRPC front ends) rendered with the HCX prompt builder: the checkpoint's chat
 * template or the hand-built HCX format (tool_list block, image mime/vector/aux blocks), with image
 * placeholders expanded to their embedding rows.
 */
public final class HcxChatRenderer implements PromptRenderer {
    private final HcxPromptBuilder builder;

    public HcxChatRenderer(HcxPromptBuilder builder) {
        this.builder = builder;
    }

    @Override
    public RenderedPrompt render(List<ChatTurn> turns) {
        if (turns.isEmpty()) {
            throw new IllegalArgumentException("a conversation needs at least one message");
        }
        List<Message> messages = new ArrayList<>();
        List<ChatTurn.VisualEmbedding> images = new ArrayList<>();
        for (ChatTurn turn : turns) {
            List<ContentItem> items = new ArrayList<>();
            for (ChatTurn.Part part : turn.parts()) {
                switch (part) {
                    case ChatTurn.Text t -> items.add(new ContentItem.Text(t.text()));
                    case ChatTurn.Image i -> {
                        items.add(new ContentItem.Image(
                                i.filename() == null ? "image" : i.filename(), i.mimeType(), "", "", ""));
                        images.add(i.embedding());
                    }
                }
            }
            messages.add(Message.of(role(turn.role()), items.toArray(ContentItem[]::new)));
        }
        var counts = images.stream().map(ChatTurn.VisualEmbedding::count).toList();
        var expansion = builder.encodeExpanded(new Conversation(messages), PromptOptions.DEFAULT, counts);
        List<EmbeddingSplice> splices = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            var e = images.get(i);
            splices.add(new EmbeddingSplice(expansion.itemStarts()[i], e.count(), e.rows()));
        }
        return new RenderedPrompt(expansion.ids(), splices);
    }

    private static Role role(String role) {
        for (Role r : Role.values()) {
            if (r.name().equalsIgnoreCase(role)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown chat role '" + role + "' (system, user, assistant, tool_list)");
    }
}
