package dev.hcxmesh.decoder.engine.cpu;

/**
 * Block scales kept as f16 bits and decoded inside the kernels: a sign-extended f16 shifted left by 13
 * and masked with {@link #MASK} is, read as an f32, the value times 2^-112; one multiply restores it.
 * An f16 subnormal would become an f32 subnormal on the way, which x86 multiplies on a slow path
 * (Q8_0 kernels decoding f16 ran 15-25 % slower with 11 % of their scales subnormal, measured on
 * Zen 3). So a matrix
 * stores its scales times 2^{@link #shift}, the largest shift up to 10 that keeps them finite: every
 * f16 subnormal is then normal, and the kernels multiply by {@link #unscale} = 2^(112 - shift). Both
 * steps are exact for every finite f16 (a shift is exact while the value stays in range).
 */
final class F16Scales {
    /** After a sign-extended f16 is shifted left by 13: the sign bit, exponent and mantissa. */
    static final int MASK = 0x8FFFE000;

    private F16Scales() {}

    /** The largest shift in [0, 10] that keeps every scale finite: 10 unless some |d| is 64 or more. */
    static int shift(short[] f16) {
        float max = 0;
        for (short h : f16) {
            max = Math.max(max, Math.abs(Float.float16ToFloat(h)));
        }
        int shift = 10;
        while (shift > 0 && Math.scalb(max, shift) > 65504f) {
            shift--;
        }
        return shift;
    }

    /** The stored bits of scale {@code h}: its value times 2^shift, exactly. */
    static short stored(short h, int shift) {
        return Float.floatToFloat16(Math.scalb(Float.float16ToFloat(h), shift));
    }

    /** The scale a stored value stands for. */
    static float value(short stored, int shift) {
        return Math.scalb(Float.float16ToFloat(stored), -shift);
    }

    /** What the kernels multiply the masked bits by. */
    static float unscale(int shift) {
        return Math.scalb(1f, 112 - shift);
    }
}
