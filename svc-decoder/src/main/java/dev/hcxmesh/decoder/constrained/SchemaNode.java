package dev.hcxmesh.decoder.constrained;

import java.math.BigDecimal;
import java.util.List;

/** The compiled subset of JSON Schema that constrained decoding supports. */
public sealed interface SchemaNode {

    /**
     * Properties are generated in declaration order; optional ones may be skipped.
     *
     * @param names property names
     * @param keyBytes per property, the JSON-escaped name followed by the closing quote (UTF-8)
     * @param values per property, its schema
     * @param required per property, whether it must appear
     */
    record ObjectSchema(List<String> names, List<byte[]> keyBytes, List<SchemaNode> values, boolean[] required)
            implements SchemaNode {
        public ObjectSchema {
            if (names.size() != keyBytes.size() || names.size() != values.size() || names.size() != required.length) {
                throw new IllegalArgumentException("object schema parts differ in length: " + names.size() + ", "
                        + keyBytes.size() + ", " + values.size() + ", " + required.length);
            }
            names = List.copyOf(names);
            keyBytes = List.copyOf(keyBytes);
            values = List.copyOf(values);
            required = required.clone();
        }
    }

    /** An array of {@code items} with {@code minItems <= n <= maxItems}. */
    record ArraySchema(SchemaNode items, int minItems, int maxItems) implements SchemaNode {
        public ArraySchema {
            if (minItems < 0 || maxItems < minItems) {
                throw new IllegalArgumentException(
                        "need 0 <= minItems <= maxItems, found " + minItems + ", " + maxItems);
            }
        }
    }

    /** A string of {@code minLength..maxLength} code points (escapes count as one). */
    record StringSchema(int minLength, int maxLength) implements SchemaNode {
        public StringSchema {
            if (minLength < 0 || maxLength < minLength) {
                throw new IllegalArgumentException(
                        "need 0 <= minLength <= maxLength, found " + minLength + ", " + maxLength);
            }
        }
    }

    /**
     * A JSON number without exponent; {@code min}/{@code max} inclusive, null when unbounded.
     *
     * @param maxIntDigits most integer digits generated
     * @param maxFracDigits most fraction digits generated (0 for integers)
     */
    record NumberSchema(boolean integer, BigDecimal min, BigDecimal max, int maxIntDigits, int maxFracDigits)
            implements SchemaNode {
        public NumberSchema {
            if (min != null && max != null && min.compareTo(max) > 0) {
                throw new IllegalArgumentException("minimum " + min + " is above maximum " + max);
            }
            if (maxIntDigits < 1 || maxFracDigits < 0) {
                throw new IllegalArgumentException(
                        "digit limits must be >= 1 and >= 0, found " + maxIntDigits + ", " + maxFracDigits);
            }
        }
    }

    /** One of a fixed set of serialized JSON values (enum, const, true/false, null). */
    record LiteralSchema(List<byte[]> literals) implements SchemaNode {
        public LiteralSchema {
            if (literals.isEmpty()) {
                throw new IllegalArgumentException("enum/const needs at least one value");
            }
            for (byte[] l : literals) {
                if (l.length == 0) {
                    throw new IllegalArgumentException("empty literal");
                }
            }
            literals = List.copyOf(literals);
        }
    }
}
