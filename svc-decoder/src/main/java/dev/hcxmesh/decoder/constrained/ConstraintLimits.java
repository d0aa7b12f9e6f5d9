package dev.hcxmesh.decoder.constrained;

/**
 * Bounds that keep constrained output finite when the schema leaves sizes open.
 *
 * @param maxStringLength code points per string when the schema has no maxLength
 * @param maxArrayItems items per array when the schema has no maxItems
 * @param maxIntDigits integer digits per number
 * @param maxFracDigits fraction digits per number
 * @param maxWhitespace whitespace characters allowed at each structural position
 */
public record ConstraintLimits(
        int maxStringLength, int maxArrayItems, int maxIntDigits, int maxFracDigits, int maxWhitespace) {
    public static final ConstraintLimits DEFAULT = new ConstraintLimits(256, 64, 15, 6, 1);

    public ConstraintLimits {
        if (maxStringLength < 1
                || maxArrayItems < 1
                || maxIntDigits < 1
                || maxIntDigits > 18
                || maxFracDigits < 0
                || maxWhitespace < 0) {
            throw new IllegalArgumentException("invalid constraint limits: " + maxStringLength + ", " + maxArrayItems
                    + ", " + maxIntDigits + ", " + maxFracDigits + ", " + maxWhitespace);
        }
    }
}
