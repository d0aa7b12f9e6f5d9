package dev.hcxmesh.model.image;

/**
 * The per-tile tensor step of HCX-MODEL-SPEC §2.5: {@code float32(float64(u8) · (1/255))}, then
 * {@code (x − 0.5f) / 0.5f} in float32, laid out CHW. Tiles travel as uint8 HWC; the encoder calls
 * this just before the vision tower.
 */
public final class Normalizer {
    private Normalizer() {}

    /** The HCX tile side. */
    public static final int TILE = 378;

    private static final double RESCALE = 1.0 / 255.0;
    private static final float[] LUT = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            float x = (float) (v * RESCALE);
            LUT[v] = (x - 0.5f) / 0.5f;
        }
    }

    /** {@code [378, 378, 3]} uint8 → {@code [3, 378, 378]} float32 in [−1, 1]. */
    public static float[] toChw(byte[] tile) {
        return toChw(tile, TILE);
    }

    /** {@code [side, side, 3]} uint8 → {@code [3, side, side]} float32 in [−1, 1]. */
    public static float[] toChw(byte[] tile, int side) {
        int plane = side * side;
        if (tile.length != plane * 3) {
            throw new IllegalArgumentException(
                    "tile must be [" + side + "," + side + ",3] = " + plane * 3 + " bytes, found " + tile.length);
        }
        float[] out = new float[plane * 3]; // [3, side, side]
        for (int i = 0; i < plane; i++) {
            out[i] = LUT[tile[i * 3] & 0xFF];
            out[plane + i] = LUT[tile[i * 3 + 1] & 0xFF];
            out[2 * plane + i] = LUT[tile[i * 3 + 2] & 0xFF];
        }
        return out;
    }
}
