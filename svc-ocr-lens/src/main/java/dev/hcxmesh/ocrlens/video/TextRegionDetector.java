package dev.hcxmesh.ocrlens.video;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds horizontal text bands (subtitles, captions, tickers) in a grey frame with projection profiles.
 *
 * <ol>
 *   <li>Edge map: a pixel is an edge when its horizontal luma difference exceeds {@code edgeThreshold}
 *       (text has dense vertical strokes, so many strong horizontal gradients).
 *   <li>Row profile: the fraction of edge pixels per row, smoothed over 3 rows. Rows above {@code
 *       rowDensity} form runs; runs closer than a quarter of their height are merged.
 *   <li>Each run of plausible height ({@code minHeight} .. 25 % of the frame) is cut horizontally with the
 *       column profile of the band: the span from the first to the last column with edges, after closing
 *       gaps up to twice the band height (word spaces).
 *   <li>The result is padded by 25 % of the band height and clipped to the frame; bands are returned top
 *       to bottom.
 * </ol>
 * Pure Java, no model; tuned on synthetic frames (noisy gradients + subtitle text), not on real video.
 */
public final class TextRegionDetector {

    private final int edgeThreshold;
    private final double rowDensity;
    private final int minHeight;

    /** Defaults: edge threshold 40 grey levels, 8 % edge density, bands at least 10 px high. */
    public TextRegionDetector() {
        this(40, 0.08, 10);
    }

    public TextRegionDetector(int edgeThreshold, double rowDensity, int minHeight) {
        if (edgeThreshold < 1 || edgeThreshold > 255) {
            throw new IllegalArgumentException("edgeThreshold must be in [1, 255], found " + edgeThreshold);
        }
        if (!(rowDensity > 0 && rowDensity < 1)) {
            throw new IllegalArgumentException("rowDensity must be in (0, 1), found " + rowDensity);
        }
        if (minHeight < 2) {
            throw new IllegalArgumentException("minHeight must be >= 2, found " + minHeight);
        }
        this.edgeThreshold = edgeThreshold;
        this.rowDensity = rowDensity;
        this.minHeight = minHeight;
    }

    /** Bands in {@code gray} ({@code [height * width]} luma), top to bottom. */
    public List<TextRegion> detect(byte[] gray, int width, int height) {
        if (gray.length != width * height) {
            throw new IllegalArgumentException("gray length: expected " + width * height + ", found " + gray.length);
        }
        boolean[] edge = new boolean[width * height]; // [h, w]
        double[] row = new double[height];
        for (int y = 0; y < height; y++) {
            int count = 0;
            for (int x = 0; x + 1 < width; x++) {
                int d = Math.abs((gray[y * width + x + 1] & 0xFF) - (gray[y * width + x] & 0xFF));
                if (d > edgeThreshold) {
                    edge[y * width + x] = true;
                    count++;
                }
            }
            row[y] = count / (double) width;
        }
        double[] smooth = new double[height];
        for (int y = 0; y < height; y++) {
            double s = 0;
            int n = 0;
            for (int k = Math.max(0, y - 1); k <= Math.min(height - 1, y + 1); k++) {
                s += row[k];
                n++;
            }
            smooth[y] = s / n;
        }
        List<int[]> runs = new ArrayList<>(); // [y0, y1)
        int y = 0;
        while (y < height) {
            if (smooth[y] >= rowDensity) {
                int y0 = y;
                while (y < height && smooth[y] >= rowDensity) {
                    y++;
                }
                if (!runs.isEmpty()) {
                    int[] last = runs.getLast();
                    int gap = y0 - last[1];
                    if (gap <= Math.max(2, (y - y0) / 4)) {
                        last[1] = y;
                        continue;
                    }
                }
                runs.add(new int[] {y0, y});
            } else {
                y++;
            }
        }
        List<TextRegion> out = new ArrayList<>();
        for (int[] r : runs) {
            int h = r[1] - r[0];
            if (h < minHeight || h > height / 4) {
                continue;
            }
            int[] span = columnSpan(edge, width, r[0], r[1], h);
            if (span == null) {
                continue;
            }
            int pad = Math.max(2, h / 4);
            int x0 = Math.max(0, span[0] - pad);
            int x1 = Math.min(width, span[1] + pad);
            int y0 = Math.max(0, r[0] - pad);
            int y1 = Math.min(height, r[1] + pad);
            out.add(new TextRegion(x0, y0, x1 - x0, y1 - y0));
        }
        return out;
    }

    /** Widest run of edge columns in rows [y0, y1) after closing gaps up to 2h; null when none. */
    private static int[] columnSpan(boolean[] edge, int width, int y0, int y1, int h) {
        int minEdges = Math.max(1, h / 8);
        boolean[] col = new boolean[width];
        for (int x = 0; x < width; x++) {
            int c = 0;
            for (int y = y0; y < y1; y++) {
                if (edge[y * width + x]) {
                    c++;
                }
            }
            col[x] = c >= minEdges;
        }
        int best0 = -1;
        int best1 = -1;
        int x = 0;
        while (x < width) {
            if (!col[x]) {
                x++;
                continue;
            }
            int s = x;
            int last = x;
            while (x < width && x - last <= 2 * h) {
                if (col[x]) {
                    last = x;
                }
                x++;
            }
            if (last + 1 - s > best1 - best0) {
                best0 = s;
                best1 = last + 1;
            }
        }
        return best0 < 0 || best1 - best0 < h ? null : new int[] {best0, best1};
    }
}
