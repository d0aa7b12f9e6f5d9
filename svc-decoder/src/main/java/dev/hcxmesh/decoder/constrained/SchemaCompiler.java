package dev.hcxmesh.decoder.constrained;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.decoder.engine.EngineException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compiles a JSON Schema (the supported subset: object with properties/required, string with
 * length bounds, number/integer with inclusive minimum/maximum, boolean, null, array with
 * items/minItems/maxItems, enum and const) into a {@link SchemaNode}. Anything it cannot enforce is
 * refused with {@code SCHEMA_INVALID} rather than silently ignored.
 */
public final class SchemaCompiler {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> UNSUPPORTED = Set.of(
            "anyOf",
            "oneOf",
            "allOf",
            "not",
            "$ref",
            "pattern",
            "patternProperties",
            "format",
            "multipleOf",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "if",
            "then",
            "else",
            "dependentRequired",
            "uniqueItems",
            "prefixItems",
            "contains",
            "minProperties",
            "maxProperties",
            "propertyNames");
    private static final int MAX_DEPTH = 32;

    private final ConstraintLimits limits;

    public SchemaCompiler(ConstraintLimits limits) {
        this.limits = limits;
    }

    /** Parses and compiles schema text. */
    public SchemaNode compile(String schemaJson) {
        try {
            return compile(MAPPER.readTree(schemaJson));
        } catch (JsonProcessingException e) {
            throw invalid("$", "not JSON: " + e.getOriginalMessage());
        }
    }

    public SchemaNode compile(JsonNode schema) {
        return node(schema, "$", 0);
    }

    private SchemaNode node(JsonNode s, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw invalid(path, "nested deeper than " + MAX_DEPTH);
        }
        if (s == null || !s.isObject()) {
            throw invalid(path, "expected a schema object, found " + (s == null ? "nothing" : s.getNodeType()));
        }
        for (String k : UNSUPPORTED) {
            if (s.has(k)) {
                throw invalid(path, "keyword '" + k + "' is not supported by constrained decoding");
            }
        }
        if (s.has("const")) {
            return new SchemaNode.LiteralSchema(List.of(serialize(s.get("const"))));
        }
        if (s.has("enum")) {
            JsonNode e = s.get("enum");
            if (!e.isArray() || e.isEmpty()) {
                throw invalid(path, "enum must be a non-empty array");
            }
            List<byte[]> lits = new ArrayList<>();
            e.forEach(v -> lits.add(serialize(v)));
            return new SchemaNode.LiteralSchema(lits);
        }
        String type = type(s, path);
        return switch (type) {
            case "object" -> object(s, path, depth);
            case "array" -> array(s, path, depth);
            case "string" -> {
                int min = intOr(s, "minLength", 0, path);
                int max = intOr(s, "maxLength", Math.max(min, limits.maxStringLength()), path);
                yield new SchemaNode.StringSchema(min, checkRange(min, max, path, "minLength", "maxLength"));
            }
            case "number", "integer" -> number(s, type.equals("integer"), path);
            case "boolean" -> new SchemaNode.LiteralSchema(List.of(bytes("true"), bytes("false")));
            case "null" -> new SchemaNode.LiteralSchema(List.of(bytes("null")));
            default -> throw invalid(path, "unsupported type '" + type + "'");
        };
    }

    private static String type(JsonNode s, String path) {
        JsonNode t = s.get("type");
        if (t == null) {
            if (s.has("properties")) {
                return "object";
            }
            if (s.has("items")) {
                return "array";
            }
            throw invalid(path, "no 'type' (and no enum/const/properties/items)");
        }
        if (!t.isTextual()) {
            throw invalid(path, "'type' must be one string, found " + t);
        }
        return t.asText();
    }

    private SchemaNode object(JsonNode s, String path, int depth) {
        List<String> names = new ArrayList<>();
        List<byte[]> keys = new ArrayList<>();
        List<SchemaNode> values = new ArrayList<>();
        JsonNode props = s.get("properties");
        if (props != null) {
            if (!props.isObject()) {
                throw invalid(path, "'properties' must be an object");
            }
            for (var it = props.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                names.add(e.getKey());
                byte[] quoted = serialize(MAPPER.getNodeFactory().textNode(e.getKey()));
                keys.add(java.util.Arrays.copyOfRange(quoted, 1, quoted.length)); // drop the opening quote
                values.add(node(e.getValue(), path + ".properties." + e.getKey(), depth + 1));
            }
        }
        boolean[] required = new boolean[names.size()];
        JsonNode req = s.get("required");
        if (req != null) {
            if (!req.isArray()) {
                throw invalid(path, "'required' must be an array");
            }
            Set<String> seen = new HashSet<>();
            for (JsonNode r : req) {
                int i = names.indexOf(r.asText());
                if (!r.isTextual() || i < 0) {
                    throw invalid(path, "required property " + r + " is not declared in 'properties' " + names);
                }
                if (seen.add(r.asText())) {
                    required[i] = true;
                }
            }
        }
        return new SchemaNode.ObjectSchema(names, keys, values, required);
    }

    private SchemaNode array(JsonNode s, String path, int depth) {
        JsonNode items = s.get("items");
        if (items == null) {
            throw invalid(path, "array needs 'items'");
        }
        int min = intOr(s, "minItems", 0, path);
        int max = intOr(s, "maxItems", Math.max(min, limits.maxArrayItems()), path);
        checkRange(min, max, path, "minItems", "maxItems");
        return new SchemaNode.ArraySchema(node(items, path + ".items", depth + 1), min, max);
    }

    private SchemaNode number(JsonNode s, boolean integer, String path) {
        BigDecimal min = decimal(s, "minimum", path);
        BigDecimal max = decimal(s, "maximum", path);
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw invalid(path, "minimum " + min + " is above maximum " + max);
        }
        BigDecimal limit = BigDecimal.TEN.pow(limits.maxIntDigits());
        if ((min != null && min.abs().compareTo(limit) >= 0)
                || (max != null && max.abs().compareTo(limit) >= 0)) {
            throw invalid(path, "bounds must stay below 1e" + limits.maxIntDigits() + " in magnitude");
        }
        if (integer
                && min != null
                && max != null
                && min.setScale(0, java.math.RoundingMode.CEILING).compareTo(max) > 0) {
            throw invalid(path, "no integer lies in [" + min + ", " + max + "]");
        }
        return new SchemaNode.NumberSchema(
                integer, min, max, limits.maxIntDigits(), integer ? 0 : limits.maxFracDigits());
    }

    private static BigDecimal decimal(JsonNode s, String key, String path) {
        JsonNode v = s.get(key);
        if (v == null) {
            return null;
        }
        if (!v.isNumber()) {
            throw invalid(path, "'" + key + "' must be a number, found " + v);
        }
        return v.decimalValue();
    }

    private static int intOr(JsonNode s, String key, int dflt, String path) {
        JsonNode v = s.get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 0) {
            throw invalid(path, "'" + key + "' must be a non-negative integer, found " + v);
        }
        return v.asInt();
    }

    private static int checkRange(int min, int max, String path, String minKey, String maxKey) {
        if (max < min) {
            throw invalid(path, minKey + " " + min + " is above " + maxKey + " " + max);
        }
        return max;
    }

    private static byte[] serialize(JsonNode v) {
        try {
            return MAPPER.writeValueAsBytes(v);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static EngineException invalid(String path, String message) {
        return new EngineException(ErrorCode.SCHEMA_INVALID, "response schema at " + path + ": " + message);
    }
}
