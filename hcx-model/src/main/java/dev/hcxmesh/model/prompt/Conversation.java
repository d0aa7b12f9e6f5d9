package dev.hcxmesh.model.prompt;

import java.util.ArrayList;
import java.util.List;

/**
 * The messages of one request, in order. A tool_list message, if any, must come first; the system
 * message, if any, right after it (or first).
 *
 * @param messages in order
 */
public record Conversation(List<Message> messages) {
    public Conversation {
        messages = List.copyOf(messages);
        for (int i = 0; i < messages.size(); i++) {
            Role r = messages.get(i).role();
            if (r == Role.TOOL_LIST && i != 0) {
                throw new IllegalArgumentException("tool_list message: expected at index 0, found at " + i);
            }
            if (r == Role.SYSTEM && i > (messages.get(0).role() == Role.TOOL_LIST ? 1 : 0)) {
                throw new IllegalArgumentException("system message: expected first (after tool_list), found at " + i);
            }
        }
    }

    /** A conversation of the given messages. */
    public static Conversation of(Message... messages) {
        return new Conversation(List.of(messages));
    }

    /** This conversation with an empty tool_list message first when it has none (HCX-SEED convention). */
    public Conversation withEmptyToolList() {
        if (!messages.isEmpty() && messages.get(0).role() == Role.TOOL_LIST) {
            return this;
        }
        List<Message> out = new ArrayList<>(messages.size() + 1);
        out.add(Message.toolList(""));
        out.addAll(messages);
        return new Conversation(out);
    }

    /** Images and videos in prompt order: the order of their placeholders. */
    public List<ContentItem> visualItems() {
        List<ContentItem> out = new ArrayList<>();
        for (Message m : messages) {
            for (ContentItem item : m.content()) {
                if (!(item instanceof ContentItem.Text)) {
                    out.add(item);
                }
            }
        }
        return out;
    }
}
