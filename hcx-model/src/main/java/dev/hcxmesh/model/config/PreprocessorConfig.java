package dev.hcxmesh.model.config;

import java.util.List;

/**
 * Image processor settings, from {@code preprocessor_config.json}.
 *
 * @param possibleResolutions AnyRes candidates as {@code [h, w]} pairs, in file order
 * @param cropSize tile side (378)
 * @param imageMean per-channel mean (0.5)
 * @param imageStd per-channel std (0.5)
 * @param rescaleFactor 1/255
 * @param resample PIL resample filter id (3 = BICUBIC)
 * @param anyres anyres tiling on
 * @param unpad crop the padded border of the local feature map
 * @param maxNumGrids most local grids (9)
 * @param padToSquare letterbox the global view
 */
public record PreprocessorConfig(
        List<Resolution> possibleResolutions,
        int cropSize,
        float[] imageMean,
        float[] imageStd,
        double rescaleFactor,
        int resample,
        boolean anyres,
        boolean unpad,
        int maxNumGrids,
        boolean padToSquare) {

    public PreprocessorConfig {
        possibleResolutions = List.copyOf(possibleResolutions);
        imageMean = imageMean.clone();
        imageStd = imageStd.clone();
    }

    /** An AnyRes candidate canvas, height first as in the file. */
    public record Resolution(int height, int width) {}

    /**
     * The candidate list that {@code max_num_grids} and a tile side generate: {@code [i·g, j·g]} for
     * {@code i·j <= maxGrids}, i outer, j inner, 1×1 included (HCX's {@code use_1x1_grid}).
     */
    public static List<Resolution> gridResolutions(int maxGrids, int tile) {
        var out = new java.util.ArrayList<Resolution>();
        for (int i = 1; i <= maxGrids; i++) {
            for (int j = 1; j <= maxGrids; j++) {
                if (i * j <= maxGrids) {
                    out.add(new Resolution(i * tile, j * tile));
                }
            }
        }
        return List.copyOf(out);
    }

    /** The published HCX-Vision-3B defaults, for tests and for checkpoints whose file omits a key. */
    public static PreprocessorConfig hcxDefaults() {
        return new PreprocessorConfig(
                gridResolutions(9, 378),
                378,
                new float[] {0.5f, 0.5f, 0.5f},
                new float[] {0.5f, 0.5f, 0.5f},
                1.0 / 255.0,
                3,
                true,
                true,
                9,
                true);
    }
}
