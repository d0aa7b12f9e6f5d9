package dev.hcxmesh.e2e.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hcxmesh.events.v1.ModerationLabel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The moderation output contract: the JSON schema sent in {@code Task.response_json_schema} and the
 * strict parser of the model's answer against it.
 */
public final class ModerationLabels {
    private ModerationLabels() {}

    /** The labels the policy knows; {@code none} means nothing objectionable. */
    public static final Set<String> LABELS = Set.of("violence", "nudity", "hate", "spam", "none");

    /** {"labels":[{"label":"violence|nudity|hate|spam|none","confidence":0..1}]} as JSON schema. */
    public static final String SCHEMA =
            """
            {"type":"object","properties":{"labels":{"type":"array","minItems":1,"maxItems":5,\
            "items":{"type":"object","properties":{\
            "label":{"type":"string","enum":["violence","nudity","hate","spam","none"]},\
            "confidence":{"type":"number","minimum":0,"maximum":1}},\
            "required":["label","confidence"],"additionalProperties":false}}},\
            "required":["labels"],"additionalProperties":false}""";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The model's answer did not match {@link #SCHEMA}; names what was expected and found. */
    public static final class UnparseableException extends RuntimeException {
        public UnparseableException(String expected, String found) {
            super("moderation output: expected " + expected + ", found " + abbreviate(found));
        }
    }

    /** Parses {@code text} strictly; throws {@link UnparseableException} on any deviation. */
    public static List<ModerationLabel> parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (Exception e) {
            throw new UnparseableException("a JSON object", text);
        }
        if (root == null || !root.isObject() || !root.path("labels").isArray()) {
            throw new UnparseableException("an object with a \"labels\" array", text);
        }
        List<ModerationLabel> labels = new ArrayList<>();
        for (JsonNode item : root.get("labels")) {
            String label = item.path("label").asText("");
            JsonNode conf = item.path("confidence");
            if (!LABELS.contains(label)) {
                throw new UnparseableException("label in " + LABELS, label);
            }
            if (!conf.isNumber() || conf.asDouble() < 0 || conf.asDouble() > 1) {
                throw new UnparseableException("confidence in [0,1]", conf.toString());
            }
            labels.add(ModerationLabel.newBuilder()
                    .setLabel(label)
                    .setConfidence((float) conf.asDouble())
                    .build());
        }
        if (labels.isEmpty()) {
            throw new UnparseableException("at least one label", text);
        }
        return List.copyOf(labels);
    }

    static String abbreviate(String s) {
        String one = s == null ? "null" : s.replaceAll("\\s+", " ");
        return one.length() <= 120 ? "'" + one + "'" : "'" + one.substring(0, 117) + "...'";
    }
}
