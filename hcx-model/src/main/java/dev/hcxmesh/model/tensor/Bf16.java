package dev.hcxmesh.model.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** bfloat16 conversions (round to nearest even), little-endian packing for wire payloads. */
public final class Bf16 {
    private Bf16() {}

    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7fffffff) > 0x7f800000) {
            return (short) ((bits >>> 16) | 0x40); // quiet NaN
        }
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    public static float toFloat(short h) {
        return Float.intBitsToFloat((h & 0xffff) << 16);
    }

    /** {@code values[from, from+count)} as little-endian bf16 bytes. */
    public static byte[] pack(float[] values, int from, int count) {
        ByteBuffer b = ByteBuffer.allocate(count * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            b.putShort(fromFloat(values[from + i]));
        }
        return b.array();
    }

    /** Little-endian bf16 bytes into {@code out[offset...]}. */
    public static void unpack(byte[] bytes, float[] out, int offset) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int n = bytes.length / 2;
        for (int i = 0; i < n; i++) {
            out[offset + i] = toFloat(b.getShort());
        }
    }
}
