package dev.hcxmesh.model.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hcxmesh.model.checkpoint.CheckpointException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed access to one JSON object of one file: every failure is a {@link CheckpointException}
 * naming the file, the key and what was found.
 */
final class JsonFields {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonNode node;
    private final String where;

    JsonFields(JsonNode node, String where) {
        this.node = node;
        this.where = where;
    }

    /** Reads and parses a JSON file; a missing file is {@code MISSING_FILE}, bad syntax {@code BAD_JSON}. */
    static JsonNode readTree(Path file) {
        try {
            return MAPPER.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new CheckpointException(Kind.MISSING_FILE, "missing " + file);
        } catch (JsonProcessingException e) {
            throw new CheckpointException(Kind.BAD_JSON, file + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CheckpointException(Kind.IO, "cannot read " + file + ": " + e, e);
        }
    }

    /** The file's top-level object. */
    static JsonFields readObject(Path file) {
        JsonNode tree = readTree(file);
        if (tree == null || !tree.isObject()) {
            throw new CheckpointException(Kind.BAD_JSON, file + " must hold a JSON object");
        }
        return new JsonFields(tree, file.getFileName().toString());
    }

    JsonNode node() {
        return node;
    }

    String where() {
        return where;
    }

    boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    /** A nested object, or null when absent. */
    JsonFields objectOrNull(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw bad(key, "an object", v);
        }
        return new JsonFields(v, where + " → " + key);
    }

    int reqInt(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw new CheckpointException(Kind.BAD_CONFIG, where + ": missing required key \"" + key + "\"");
        }
        return asInt(key, v);
    }

    int optInt(String key, int dflt) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? dflt : asInt(key, v);
    }

    Integer intOrNull(String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : asInt(key, v);
    }

    double optDouble(String key, double dflt) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isNumber()) {
            throw bad(key, "a number", v);
        }
        return v.doubleValue();
    }

    Double doubleOrNull(String key) {
        return has(key) ? optDouble(key, 0) : null;
    }

    boolean optBool(String key, boolean dflt) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw bad(key, "true or false", v);
        }
        return v.booleanValue();
    }

    String optString(String key, String dflt) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw bad(key, "a string", v);
        }
        return v.textValue();
    }

    /** An int or a list of ints (HF's {@code eos_token_id}); empty when absent. */
    List<Integer> intOrIntList(String key) {
        JsonNode v = node.get(key);
        var out = new ArrayList<Integer>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isArray()) {
            for (JsonNode e : v) {
                out.add(asInt(key, e));
            }
        } else {
            out.add(asInt(key, v));
        }
        return out;
    }

    /** A list of numbers as floats, or {@code dflt} when absent. */
    float[] optFloats(String key, float[] dflt) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isArray()) {
            throw bad(key, "a list of numbers", v);
        }
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            if (!v.get(i).isNumber()) {
                throw bad(key, "a list of numbers", v);
            }
            out[i] = v.get(i).floatValue();
        }
        return out;
    }

    private int asInt(String key, JsonNode v) {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw bad(key, "an int", v);
        }
        return v.intValue();
    }

    CheckpointException bad(String key, String expected, JsonNode found) {
        return new CheckpointException(
                Kind.BAD_CONFIG, where + ": key \"" + key + "\" must be " + expected + ", found " + found);
    }
}
