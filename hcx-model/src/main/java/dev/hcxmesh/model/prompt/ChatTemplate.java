package dev.hcxmesh.model.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A checkpoint's Jinja chat template rendered with Jinjava the way Hugging Face renders it
 * ({@code trim_blocks}, {@code lstrip_blocks}, {@code tojson} = Python {@code json.dumps},
 * {@code raise_exception}). Messages are handed over as HF-style dicts (see {@link ReferenceChatTemplate}).
 */
public final class ChatTemplate {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final String bosToken;
    private final String eosToken;
    private final Jinjava jinjava;

    /**
     * @param source template text
     * @param bosToken value of {@code bos_token} (may be "")
     * @param eosToken value of {@code eos_token} (may be "")
     */
    public ChatTemplate(String source, String bosToken, String eosToken) {
        this.source = source;
        this.bosToken = bosToken == null ? "" : bosToken;
        this.eosToken = eosToken == null ? "" : eosToken;
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .build();
        this.jinjava = new Jinjava(config);
        jinjava.getGlobalContext().registerFilter(new PythonToJson());
        jinjava.getGlobalContext()
                .registerFunction(new ELFunctionDefinition(
                        "", "raise_exception", ChatTemplate.class, "raiseException", String.class));
    }

    /**
     * The chat template of a checkpoint directory: {@code chat_template} in tokenizer_config.json
     * (string, or the list form where the entry named "default" wins), else {@code chat_template.jinja}.
     * Empty when the checkpoint has none.
     */
    public static Optional<ChatTemplate> fromCheckpoint(Path dir) {
        try {
            Path config = dir.resolve("tokenizer_config.json");
            JsonNode root = Files.exists(config) ? JSON.readTree(config.toFile()) : JSON.createObjectNode();
            String bos = tokenText(root.get("bos_token"));
            String eos = tokenText(root.get("eos_token"));
            JsonNode t = root.get("chat_template");
            String source = null;
            if (t != null && t.isTextual()) {
                source = t.asText();
            } else if (t != null && t.isArray() && !t.isEmpty()) {
                source = t.get(0).path("template").asText();
                for (JsonNode entry : t) {
                    if ("default".equals(entry.path("name").asText())) {
                        source = entry.path("template").asText();
                    }
                }
            } else if (Files.exists(dir.resolve("chat_template.jinja"))) {
                source = Files.readString(dir.resolve("chat_template.jinja"));
            }
            return source == null ? Optional.empty() : Optional.of(new ChatTemplate(source, bos, eos));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the chat template in " + dir, e);
        }
    }

    /** The template text. */
    public String source() {
        return source;
    }

    /** Renders the conversation (an empty tool_list is inserted first when the options ask for it). */
    public String render(Conversation conversation, PromptOptions options) {
        return render(conversation, options, Layout.CONTENT_LIST);
    }

    /**
     * How messages are handed to the template. The HF convention is a content list per message; the
     * old HCX README format gives every item its own message whose content is one dict (or a string).
     */
    public enum Layout {
        /** {@code {role, content: [items]}} per message. */
        CONTENT_LIST,
        /** One message per item: {@code {role: user, content: {type: image, ...}}} or a text string. */
        ONE_ITEM_PER_MESSAGE
    }

    /** Renders with an explicit message layout. */
    public String render(Conversation conversation, PromptOptions options, Layout layout) {
        Conversation conv = options.emptyToolList() ? conversation.withEmptyToolList() : conversation;
        Map<String, Object> context = new HashMap<>();
        context.put(
                "messages",
                layout == Layout.CONTENT_LIST ? templateMessages(conv) : oneItemPerMessage(templateMessages(conv)));
        context.put("add_generation_prompt", options.addGenerationPrompt());
        context.put("bos_token", bosToken);
        context.put("eos_token", eosToken);
        RenderResult result = jinjava.renderForResult(source, context);
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                Throwable cause = error.getException();
                while (cause != null && cause.getCause() != null) {
                    cause = cause.getCause();
                }
                throw new IllegalStateException("chat template failed at line " + error.getLineno() + ": "
                        + error.getMessage() + (cause == null ? "" : " (" + cause.getMessage() + ")"));
            }
        }
        return result.getOutput();
    }

    /** The HF-style message dicts handed to the template. */
    static List<Map<String, Object>> templateMessages(Conversation conv) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Message m : conv.messages()) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (ContentItem item : m.content()) {
                Map<String, Object> d = new LinkedHashMap<>();
                switch (item) {
                    case ContentItem.Text t -> {
                        d.put("type", "text");
                        d.put("text", t.text());
                    }
                    case ContentItem.Image img -> {
                        d.put("type", "image");
                        d.put("filename", img.filename());
                        d.put("mime", img.mime());
                        d.put("ocr", img.ocr());
                        d.put("lens_keywords", img.lensKeywords());
                        d.put("lens_local_keywords", img.lensLocalKeywords());
                    }
                    case ContentItem.Video vid -> {
                        d.put("type", "video");
                        d.put("filename", vid.filename());
                        d.put("mime", vid.mime());
                        if (vid.hasAux()) {
                            d.put("ocr", vid.ocr() == null ? "" : vid.ocr());
                            d.put("lens_keywords", vid.lensKeywords() == null ? "" : vid.lensKeywords());
                            d.put(
                                    "lens_local_keywords",
                                    vid.lensLocalKeywords() == null ? "" : vid.lensLocalKeywords());
                        }
                    }
                }
                items.add(d);
            }
            Map<String, Object> msg = new LinkedHashMap<>();
            msg.put("role", m.role().wire());
            msg.put("content", items);
            out.add(msg);
        }
        return out;
    }

    /** Splits every message into one message per item (text items become plain strings). */
    static List<Map<String, Object>> oneItemPerMessage(List<Map<String, Object>> messages) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> m : messages) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> items = (List<Map<String, Object>>) m.get("content");
            if (!"user".equals(m.get("role")) || items.isEmpty()) {
                StringBuilder text = new StringBuilder();
                items.forEach(i -> text.append(i.get("text")));
                out.add(new LinkedHashMap<>(Map.of("role", m.get("role"), "content", text.toString())));
                continue;
            }
            for (Map<String, Object> item : items) {
                Object content = "text".equals(item.get("type")) ? item.get("text") : item;
                Map<String, Object> msg = new LinkedHashMap<>();
                msg.put("role", "user");
                msg.put("content", content);
                out.add(msg);
            }
        }
        return out;
    }

    /** Target of the template function {@code raise_exception(msg)}. */
    public static String raiseException(String message) {
        throw new IllegalArgumentException("chat template: " + message);
    }

    private static String tokenText(JsonNode n) {
        if (n == null || n.isNull()) {
            return "";
        }
        return n.isTextual() ? n.asText() : n.path("content").asText("");
    }

    /** {@code tojson} with Python {@code json.dumps(ensure_ascii=False)} output. */
    static final class PythonToJson implements Filter {
        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return JsonText.write(var);
        }

        @Override
        public String getName() {
            return "tojson";
        }
    }
}
