package dev.hcxmesh.model.image;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: HCX image preprocessing throughput on 1920×1080 JPEGs (2.07 Mpx each), single thread.
 * {@code decode}: bytes → RGB; {@code tile}: RGB → global view + 8 tiles (BICUBIC resizes,
 * padding, cutting); {@code decodeAndTile}: both. Megapixels/s = ops/s × 2.0736. Run via {@code
 * scripts/bench-preprocess.sh}; {@code main --write-images DIR} writes the same JPEGs for the
 * Pillow comparison.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PreprocessBench {

    static final int W = 1920;
    static final int H = 1080;
    static final int IMAGES = 4;

    private List<byte[]> jpegs;
    private List<RgbImage> decoded;
    private int next;
    private final AnyResTiler tiler = AnyResTiler.hcxDefaults();

    /** Photo-like content: smooth gradients, a few edges, mild noise; quality 90 baseline JPEG. */
    static List<byte[]> images() throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (int n = 0; n < IMAGES; n++) {
            BufferedImage bi = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
            WritableRaster r = bi.getRaster();
            int[] row = new int[W * 3];
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int noise = TestImages.sample(x, y, 0, n) & 7;
                    int edge = ((x / (160 + 40 * n)) + (y / 120)) % 2 == 0 ? 40 : 0;
                    row[x * 3] = Math.min(255, x * 200 / W + edge + noise);
                    row[x * 3 + 1] = Math.min(255, y * 200 / H + noise);
                    row[x * 3 + 2] = Math.min(255, (x + y + 50 * n) % 256 / 2 + edge);
                }
                r.setPixels(0, y, W, 1, row);
            }
            out.add(TestImages.jpeg(bi, 0.9f, false));
        }
        return out;
    }

    @Setup
    public void setup() throws IOException {
        jpegs = images();
        decoded = new ArrayList<>();
        for (byte[] j : jpegs) {
            decoded.add(ImageDecoder.decode(j, DecodeLimits.defaults()));
        }
    }

    @Benchmark
    public RgbImage decode() {
        return ImageDecoder.decode(jpegs.get(next++ & (IMAGES - 1)), DecodeLimits.defaults());
    }

    @Benchmark
    public TiledImage tile() {
        return tiler.tile(decoded.get(next++ & (IMAGES - 1)));
    }

    @Benchmark
    public TiledImage decodeAndTile() {
        return tiler.tile(ImageDecoder.decode(jpegs.get(next++ & (IMAGES - 1)), DecodeLimits.defaults()));
    }

    /** {@code --write-images DIR}: the benchmark JPEGs as {@code bench_N.jpg}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !args[0].equals("--write-images")) {
            throw new IllegalArgumentException("usage: PreprocessBench --write-images DIR");
        }
        Path dir = Files.createDirectories(Path.of(args[1]));
        List<byte[]> imgs = images();
        for (int i = 0; i < imgs.size(); i++) {
            Files.write(dir.resolve("bench_" + i + ".jpg"), imgs.get(i));
        }
    }
}
