package dev.hcxmesh.model.prompt;

import java.util.Arrays;
import java.util.List;

/**
 * One message. Images and videos are allowed in user messages only.
 *
 * @param role who speaks
 * @param content items in order (empty allowed: renders an empty block)
 */
public record Message(Role role, List<ContentItem> content) {
    public Message {
        if (role == null) {
            throw new IllegalArgumentException("message: expected a role, found null");
        }
        content = List.copyOf(content);
        if (role != Role.USER) {
            for (ContentItem item : content) {
                if (!(item instanceof ContentItem.Text)) {
                    throw new IllegalArgumentException("a " + role.wire() + " message: expected text items only, found "
                            + item.getClass().getSimpleName());
                }
            }
        }
    }

    /** A message of the given items. */
    public static Message of(Role role, ContentItem... items) {
        return new Message(role, Arrays.asList(items));
    }

    /** A system message. */
    public static Message system(String text) {
        return of(Role.SYSTEM, new ContentItem.Text(text));
    }

    /** A user message of items (text, images, videos). */
    public static Message user(ContentItem... items) {
        return of(Role.USER, items);
    }

    /** A user message of one text. */
    public static Message user(String text) {
        return of(Role.USER, new ContentItem.Text(text));
    }

    /** An assistant message (history). */
    public static Message assistant(String text) {
        return of(Role.ASSISTANT, new ContentItem.Text(text));
    }

    /** A tool_list message ({@code ""} for the empty list of the HCX-SEED convention). */
    public static Message toolList(String text) {
        return text.isEmpty() ? of(Role.TOOL_LIST) : of(Role.TOOL_LIST, new ContentItem.Text(text));
    }

    /** The concatenated text of the text items. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (ContentItem item : content) {
            if (item instanceof ContentItem.Text t) {
                sb.append(t.text());
            }
        }
        return sb.toString();
    }
}
