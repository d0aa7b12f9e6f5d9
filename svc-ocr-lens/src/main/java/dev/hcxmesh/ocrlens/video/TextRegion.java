package dev.hcxmesh.ocrlens.video;

/** A pixel rectangle {@code [x, x + width) x [y, y + height)} that likely holds a text line or band. */
public record TextRegion(int x, int y, int width, int height) {
    public TextRegion {
        if (x < 0 || y < 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException(
                    "region must have x, y >= 0 and positive size, found " + x + "," + y + " " + width + "x" + height);
        }
    }
}
