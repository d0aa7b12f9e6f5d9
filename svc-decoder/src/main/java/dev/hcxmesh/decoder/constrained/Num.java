package dev.hcxmesh.decoder.constrained;

import dev.hcxmesh.decoder.constrained.JsonGrammar.Frame;
import dev.hcxmesh.decoder.constrained.JsonGrammar.Step;
import java.math.BigDecimal;

/**
 * A JSON number {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?} (no exponent) whose every prefix can still be
 * completed to a value inside the schema's bounds, so generation never paints itself into a corner.
 *
 * @param neg a minus sign was read
 * @param mag absolute value of the digits read so far
 * @param intDigits integer digits read
 * @param fracDigits fraction digits read
 */
record Num(SchemaNode.NumberSchema s, int phase, boolean neg, BigDecimal mag, int intDigits, int fracDigits)
        implements Frame {
    static final int START = 0, SIGN = 1, ZERO = 2, INT = 3, DOT = 4, FRAC = 5;

    static Num initial(SchemaNode.NumberSchema s) {
        return new Num(s, START, false, BigDecimal.ZERO, 0, 0);
    }

    @Override
    public Step step(int b) {
        boolean digit = b >= '0' && b <= '9';
        int d = b - '0';
        Num next =
                switch (phase) {
                    case START -> b == '-' ? new Num(s, SIGN, true, mag, 0, 0) : firstDigit(digit, d, false);
                    case SIGN -> firstDigit(digit, d, true);
                    case ZERO -> b == '.' && s.maxFracDigits() > 0 ? new Num(s, DOT, neg, mag, 1, 0) : null;
                    case INT ->
                        digit && intDigits < s.maxIntDigits()
                                ? new Num(
                                        s,
                                        INT,
                                        neg,
                                        mag.scaleByPowerOfTen(1).add(BigDecimal.valueOf(d)),
                                        intDigits + 1,
                                        0)
                                : b == '.' && s.maxFracDigits() > 0 ? new Num(s, DOT, neg, mag, intDigits, 0) : null;
                    case DOT, FRAC ->
                        digit && fracDigits < s.maxFracDigits()
                                ? new Num(
                                        s,
                                        FRAC,
                                        neg,
                                        mag.add(BigDecimal.valueOf(d).movePointLeft(fracDigits + 1)),
                                        intDigits,
                                        fracDigits + 1)
                                : null;
                    default -> null;
                };
        if (next != null && next.viable()) {
            return Step.to(next);
        }
        return canEnd() ? Step.END_REFEED : Step.REJECT;
    }

    private Num firstDigit(boolean digit, int d, boolean neg) {
        if (!digit) {
            return null;
        }
        return d == 0
                ? new Num(s, ZERO, neg, BigDecimal.ZERO, 1, 0)
                : new Num(s, INT, neg, BigDecimal.valueOf(d), 1, 0);
    }

    @Override
    public boolean canEnd() {
        if (phase != ZERO && phase != INT && phase != FRAC) {
            return false;
        }
        return within(neg ? mag.negate() : mag);
    }

    private boolean within(BigDecimal v) {
        return (s.min() == null || v.compareTo(s.min()) >= 0) && (s.max() == null || v.compareTo(s.max()) <= 0);
    }

    /** Some completion of this prefix lies within [min, max]. */
    boolean viable() {
        BigDecimal ulp = BigDecimal.ONE.movePointLeft(s.maxFracDigits()); // smallest step of a completed value
        if (phase == SIGN) {
            // any negative magnitude up to 10^maxInt - ulp
            return overlaps(
                    true, BigDecimal.ZERO, BigDecimal.TEN.pow(s.maxIntDigits()).subtract(ulp));
        }
        if (phase == ZERO) {
            return overlaps(
                    neg, BigDecimal.ZERO, s.maxFracDigits() > 0 ? BigDecimal.ONE.subtract(ulp) : BigDecimal.ZERO);
        }
        if (phase == INT) {
            for (int k = 0; k <= s.maxIntDigits() - intDigits; k++) {
                BigDecimal lo = mag.scaleByPowerOfTen(k);
                BigDecimal hi =
                        mag.add(BigDecimal.ONE).scaleByPowerOfTen(k).subtract(k == 0 ? ulp : BigDecimal.ONE.max(ulp));
                if (k == 0 && s.maxFracDigits() == 0) {
                    hi = lo;
                } else if (k > 0 && s.maxFracDigits() > 0) {
                    hi = mag.add(BigDecimal.ONE).scaleByPowerOfTen(k).subtract(ulp);
                }
                if (overlaps(neg, lo, hi)) {
                    return true;
                }
            }
            return false;
        }
        // DOT / FRAC: magnitude in [mag, mag + 10^-fracDigits - ulp]
        BigDecimal hi = mag.add(BigDecimal.ONE.movePointLeft(fracDigits)).subtract(ulp);
        if (fracDigits >= s.maxFracDigits()) {
            hi = mag;
        }
        return overlaps(neg, mag, hi);
    }

    /** Whether the signed interval of magnitudes [lo, hi] meets [min, max]. */
    private boolean overlaps(boolean negative, BigDecimal lo, BigDecimal hi) {
        BigDecimal a = negative ? hi.negate() : lo;
        BigDecimal b = negative ? lo.negate() : hi;
        return (s.max() == null || a.compareTo(s.max()) <= 0) && (s.min() == null || b.compareTo(s.min()) >= 0);
    }
}
