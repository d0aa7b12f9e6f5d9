package dev.hcxmesh.encoder.engine;

import dev.hcxmesh.api.v1.ErrorCode;
import java.util.List;

/** Validation and pixel normalisation shared by every engine. */
public final class TileInput {
    private TileInput() {}

    /**
     * Checks tile count, tile byte size and query counts; throws {@link EngineException} with
     * {@code MEDIA_UNDECODABLE} naming the expected and found values.
     *
     * @return total query rows {@code sum(queriesPerTile)}
     */
    public static int validate(List<byte[]> tiles, int[] queriesPerTile, VisionDims dims) {
        if (tiles == null || queriesPerTile == null) {
            throw new EngineException(ErrorCode.MEDIA_UNDECODABLE, "tiles and queriesPerTile must not be null");
        }
        if (tiles.size() != queriesPerTile.length) {
            throw new EngineException(
                    ErrorCode.MEDIA_UNDECODABLE,
                    "expected one query count per tile: " + tiles.size() + " tiles, " + queriesPerTile.length
                            + " counts");
        }
        int total = 0;
        for (int t = 0; t < tiles.size(); t++) {
            byte[] tile = tiles.get(t);
            if (tile == null || tile.length != dims.tileBytes()) {
                throw new EngineException(
                        ErrorCode.MEDIA_UNDECODABLE,
                        "tile " + t + ": expected " + dims.tileBytes() + " bytes ([" + dims.imageSize() + ","
                                + dims.imageSize() + ",3] uint8), found " + (tile == null ? "null" : tile.length));
            }
            try {
                dims.poolSide(queriesPerTile[t]);
            } catch (IllegalArgumentException e) {
                throw new EngineException(ErrorCode.MEDIA_UNDECODABLE, "tile " + t + ": " + e.getMessage());
            }
            total += queriesPerTile[t];
        }
        return total;
    }

    /**
     * Normalised pixels of one tile in CHW order, {@code [3, S, S]}: {@code float32(float64(u8) ·
     * rescale)}, then {@code (x − mean) / std} in float32.
     */
    public static float[] toChw(byte[] tile, VisionDims dims) {
        int s = dims.imageSize();
        int plane = s * s;
        float[] out = new float[3 * plane]; // [3, S, S]
        float[] mean = dims.mean();
        float[] std = dims.std();
        double rescale = dims.rescale();
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                float x = (float) ((tile[p * 3 + c] & 0xff) * rescale);
                out[c * plane + p] = (x - mean[c]) / std[c];
            }
        }
        return out;
    }

    /** All tiles as one NCHW batch {@code [n, 3, S, S]} (the Triton / ONNX input). */
    public static float[] toNchw(List<byte[]> tiles, VisionDims dims) {
        int per = 3 * dims.imageSize() * dims.imageSize();
        float[] out = new float[tiles.size() * per];
        for (int t = 0; t < tiles.size(); t++) {
            System.arraycopy(toChw(tiles.get(t), dims), 0, out, t * per, per);
        }
        return out;
    }
}
