package dev.hcxmesh.model.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The {@code normalizer} section of tokenizer.json. Byte-level BPE checkpoints usually have none
 * ({@code null}); the Unicode normal forms and a Sequence of them are supported, anything else is
 * rejected rather than silently ignored.
 */
record TextNormalizer(UnaryOperator<String> op, String description) {

    static final TextNormalizer IDENTITY = new TextNormalizer(UnaryOperator.identity(), "none");

    String apply(String s) {
        return op.apply(s);
    }

    static TextNormalizer parse(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return IDENTITY;
        }
        String type = node.path("type").asText();
        return switch (type) {
            case "NFC" -> form(Normalizer.Form.NFC);
            case "NFD" -> form(Normalizer.Form.NFD);
            case "NFKC" -> form(Normalizer.Form.NFKC);
            case "NFKD" -> form(Normalizer.Form.NFKD);
            case "Sequence" -> {
                List<TextNormalizer> steps = new ArrayList<>();
                for (JsonNode child : node.path("normalizers")) {
                    steps.add(parse(child));
                }
                yield new TextNormalizer(
                        s -> {
                            String r = s;
                            for (TextNormalizer n : steps) {
                                r = n.apply(r);
                            }
                            return r;
                        },
                        "Sequence" + steps);
            }
            default ->
                throw TokenizerFormatException.unsupported("normalizer.type", "null, NF[K]C/D or Sequence", type);
        };
    }

    private static TextNormalizer form(Normalizer.Form f) {
        return new TextNormalizer(s -> Normalizer.normalize(s, f), f.name());
    }
}
