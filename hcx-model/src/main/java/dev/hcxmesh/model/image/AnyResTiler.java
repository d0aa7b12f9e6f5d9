package dev.hcxmesh.model.image;

import dev.hcxmesh.model.config.PreprocessorConfig;
import dev.hcxmesh.model.config.PreprocessorConfig.Resolution;
import dev.hcxmesh.model.tokens.AnyRes;
import dev.hcxmesh.model.tokens.VisualTokens;
import java.util.ArrayList;
import java.util.List;

/**
 * The HCX image pipeline of HCX-MODEL-SPEC §2 up to uint8 tiles. Geometry and counts come from
 * {@link AnyRes} and {@link VisualTokens} (never re-derived here); pixels from {@link
 * PillowResampler} (BICUBIC) so that tiles are byte-identical to the Python reference.
 *
 * <ul>
 *   <li>global view: {@code resize_longside} to the tile side, then {@code expand2square} on (127,
 *       127, 127) at offset {@code (side − short)//2};
 *   <li>local view: best AnyRes canvas, aspect-preserving resize into it, centred pad on (127, 127,
 *       127), tiles cut row-major.
 * </ul>
 */
public final class AnyResTiler {

    /** Pad colour: {@code int(0.5 · 255)} per channel (image_mean 0.5). */
    public static final int PAD = 127;

    private final PreprocessorConfig pre;
    private final int queriesImage;
    private final int side;

    /**
     * @param pre processor settings (tile side, candidates, unpad)
     * @param queriesImage visual queries per grid (81)
     */
    public AnyResTiler(PreprocessorConfig pre, int queriesImage) {
        this.pre = pre;
        this.queriesImage = queriesImage;
        this.side = pre.cropSize();
    }

    /** The published HCX defaults (378 px, 9 grids, 81 queries). */
    public static AnyResTiler hcxDefaults() {
        return new AnyResTiler(PreprocessorConfig.hcxDefaults(), 81);
    }

    /** Tiles of a still image: global view then R·C local tiles. */
    public TiledImage tile(RgbImage img) {
        VisualTokens.ImagePlan plan = VisualTokens.image(img.width(), img.height(), pre, queriesImage);
        List<byte[]> tiles = new ArrayList<>(plan.tileCount());
        tiles.add(globalView(img).rgb());
        tiles.addAll(localTiles(img, plan.best()));
        return new TiledImage(tiles, plan);
    }

    /**
     * A video canvas through the anyres pipeline with {@code video=True}: no global view, no unpad.
     *
     * @return local tiles, row-major, each {@code [side, side, 3]}
     */
    public TiledCanvas tileVideoCanvas(RgbImage canvas) {
        Resolution best = AnyRes.selectBestResolution(canvas.width(), canvas.height(), pre.possibleResolutions());
        List<byte[]> tiles = localTiles(canvas, best);
        return new TiledCanvas(tiles, best.height() / side, best.width() / side);
    }

    /**
     * The tiles of one video canvas.
     *
     * @param tiles {@code rows·cols} tiles, row-major, each {@code [side, side, 3]} uint8
     * @param rows grid rows
     * @param cols grid columns
     */
    public record TiledCanvas(List<byte[]> tiles, int rows, int cols) {
        public TiledCanvas {
            tiles = List.copyOf(tiles);
            if (tiles.size() != rows * cols) {
                throw new IllegalArgumentException(
                        "a " + rows + "x" + cols + " canvas has " + rows * cols + " tiles, found " + tiles.size());
            }
        }

        /** AnyRes grids of the canvas. */
        public int grids() {
            return rows * cols;
        }
    }

    /** {@code expand2square(resize_longside(img, side))}: {@code [side, side, 3]}. */
    public RgbImage globalView(RgbImage img) {
        AnyRes.Size thumb = AnyRes.globalThumbSize(img.width(), img.height(), side);
        RgbImage resized = PillowResampler.resize(img, thumb.width(), thumb.height(), PillowResampler.Filter.BICUBIC);
        return RgbImage.filled(side, side, PAD, PAD, PAD)
                .paste(resized, (side - resized.width()) / 2, (side - resized.height()) / 2);
    }

    /** The image resized and padded into {@code best}, cut into tiles row-major. */
    public List<byte[]> localTiles(RgbImage img, Resolution best) {
        AnyRes.Size size = AnyRes.localResizeSize(img.width(), img.height(), best);
        RgbImage resized = PillowResampler.resize(img, size.width(), size.height(), PillowResampler.Filter.BICUBIC);
        RgbImage padded = resized;
        if (size.width() != best.width() || size.height() != best.height()) {
            padded = RgbImage.filled(best.width(), best.height(), PAD, PAD, PAD)
                    .paste(resized, (best.width() - size.width()) / 2, (best.height() - size.height()) / 2);
        }
        List<byte[]> tiles = new ArrayList<>();
        for (int y = 0; y < best.height(); y += side) {
            for (int x = 0; x < best.width(); x += side) {
                tiles.add(padded.crop(x, y, side, side));
            }
        }
        return tiles;
    }
}
