package dev.hcxmesh.model.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hcxmesh.model.config.PreprocessorConfig;
import dev.hcxmesh.model.video.CanvasPacker;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden test against real Pillow: Java writes ≥30 deterministic inputs, {@code
 * e2e-tests/src/test/python/golden_preprocess.py} computes the reference with Pillow, and every
 * uint8 tile must be byte-identical (normalised floats within 1e-6). Skipped when {@code
 * /usr/bin/python3} lacks PIL/numpy, unless {@code CI=true}, where that is a failure.
 */
class GoldenPreprocessTest {

    private static final String PYTHON = "/usr/bin/python3";
    private static final int G = 378;
    private static final DecodeLimits LIMITS = new DecodeLimits(256L << 20, 50_000_000L, 10_000);
    private static final double LOSSY_MEAN_TOLERANCE = 8.0;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private record Case(String name, String file, List<String> frames) {}

    @TestFactory
    Stream<DynamicTest> javaMatchesPillow() throws Exception {
        requirePillow();
        Path in = Files.createDirectories(work.resolve("in"));
        Path out = work.resolve("out");
        Path script = script();
        long t0 = System.nanoTime();
        List<Case> cases = writeInputs(in);
        long t1 = System.nanoTime();
        for (String extra : python(List.of(script.toString(), "--make-extra", in.toString()))
                .strip()
                .lines()
                .toList()) {
            if (!extra.isBlank()) {
                cases.add(new Case(extra.replace('.', '_'), extra, null));
            }
        }
        List<Map<String, Object>> manifest = new ArrayList<>();
        for (Case c : cases) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name);
            m.put("kind", c.frames == null ? "image" : "video");
            m.put(c.frames == null ? "file" : "frames", c.frames == null ? c.file : c.frames);
            manifest.add(m);
        }
        JSON.writeValue(in.resolve("cases.json").toFile(), manifest);
        String log = python(List.of(script.toString(), in.toString(), out.toString()));
        System.out.printf(
                "golden_preprocess: %s (inputs %.1f s, Pillow %.1f s)%n",
                log.strip(), (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
        assertThat(cases).hasSizeGreaterThanOrEqualTo(30);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name, () -> check(c, in, out.resolve(c.name))));
    }

    private void check(Case c, Path in, Path dir) throws IOException {
        if (Files.exists(dir.resolve("error.txt"))) {
            fail("Pillow failed on " + c.name + ": " + Files.readString(dir.resolve("error.txt")));
        }
        JsonNode meta = JSON.readTree(dir.resolve("meta.json").toFile());
        byte[] expectedTiles = Files.readAllBytes(dir.resolve("tiles.u8"));
        List<byte[]> tiles;
        if (c.frames == null) {
            RgbImage img = ImageDecoder.decode(Files.readAllBytes(in.resolve(c.file)), LIMITS);
            assertThat(img.width()).as("width").isEqualTo(meta.get("width").asInt());
            assertThat(img.height()).as("height").isEqualTo(meta.get("height").asInt());
            if (c.name.matches(".*exif[5-8].*")) { // landscape sources: a transposing orientation was applied
                assertThat(img.height()).as("EXIF-rotated height").isGreaterThan(img.width());
            }
            byte[] pillowPixels = Files.readAllBytes(dir.resolve("decoded.u8"));
            if (c.file.endsWith("lossy.webp")) {
                // Known decoder difference: TwelveMonkeys' VP8 chroma upsampling is not libwebp's
                // "fancy" upsampler. Bound it, then check the pipeline on Pillow's own pixels.
                double mean = meanAbsDiff(img.rgb(), pillowPixels);
                System.out.printf("lossy WebP: mean |java - pillow| per decoded sample = %.3f%n", mean);
                assertThat(mean).as("lossy WebP mean decode difference").isLessThanOrEqualTo(LOSSY_MEAN_TOLERANCE);
                img = new RgbImage(img.width(), img.height(), pillowPixels);
            } else {
                compare("decoded", List.of(img.rgb()), pillowPixels, img.width());
            }
            TiledImage t = AnyResTiler.hcxDefaults().tile(img);
            assertThat(t.plan().gridRows())
                    .as("rows")
                    .isEqualTo(meta.get("rows").asInt());
            assertThat(t.plan().gridCols())
                    .as("cols")
                    .isEqualTo(meta.get("cols").asInt());
            if (c.name.startsWith("grid")) { // gridRxC_fmt: the intended canvas was chosen
                String[] rc = c.name.substring(4, c.name.indexOf('_')).split("x");
                assertThat(t.plan().gridRows() + "x" + t.plan().gridCols()).isEqualTo(rc[0] + "x" + rc[1]);
            }
            tiles = t.tiles();
        } else {
            List<RgbImage> frames = new ArrayList<>();
            for (String f : c.frames) {
                frames.add(ImageDecoder.decode(Files.readAllBytes(in.resolve(f)), LIMITS));
            }
            CanvasPacker.PackedVideo v = CanvasPacker.hcxDefaults().pack(frames);
            JsonNode shapes = meta.get("canvases");
            assertThat(v.canvases()).hasSize(shapes.size());
            tiles = new ArrayList<>();
            for (int i = 0; i < shapes.size(); i++) {
                assertThat(v.canvases().get(i).rows())
                        .isEqualTo(shapes.get(i).get(0).asInt());
                assertThat(v.canvases().get(i).cols())
                        .isEqualTo(shapes.get(i).get(1).asInt());
                tiles.addAll(v.canvases().get(i).tiles());
            }
        }
        assertThat(tiles).as("tile count").hasSize(meta.get("tiles").asInt());
        compare("tiles", tiles, expectedTiles, G);
        float[] expected = floats(Files.readAllBytes(dir.resolve("norm.f32")));
        float[] first = Normalizer.toChw(tiles.getFirst());
        float[] last = Normalizer.toChw(tiles.getLast());
        for (int i = 0; i < expected.length; i++) {
            float got = i < first.length ? first[i] : last[i - first.length];
            if (Math.abs(got - expected[i]) > 1e-6f) {
                fail("normalised value " + i + ": expected " + expected[i] + ", got " + got);
            }
        }
    }

    /** Byte comparison that names the first differing pixel. */
    private static void compare(String what, List<byte[]> got, byte[] expected, int width) {
        long total = got.stream().mapToLong(b -> b.length).sum();
        assertThat(total).as(what + " bytes").isEqualTo(expected.length);
        int off = 0;
        for (int t = 0; t < got.size(); t++) {
            byte[] g = got.get(t);
            for (int i = 0; i < g.length; i++) {
                if (g[i] != expected[off + i]) {
                    int px = i / 3;
                    fail(String.format(
                            "%s: first difference in tile %d at x=%d y=%d channel %d: expected %d, got %d",
                            what, t, px % width, px / width, i % 3, expected[off + i] & 0xFF, g[i] & 0xFF));
                }
            }
            off += g.length;
        }
    }

    private static double meanAbsDiff(byte[] a, byte[] b) {
        assertThat(a).hasSameSizeAs(b);
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
        }
        return (double) sum / a.length;
    }

    private static float[] floats(byte[] b) {
        float[] f = new float[b.length / 4];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }

    private List<Case> writeInputs(Path in) throws IOException {
        List<Case> cases = new ArrayList<>();
        // every AnyRes grid shape, each picked by an image that only that canvas holds whole
        String[] formats = {"bmp", "bmp", "png", "bmp", "bmp", "tiff"};
        int n = 0;
        for (PreprocessorConfig.Resolution r : PreprocessorConfig.hcxDefaults().possibleResolutions()) {
            // just past the next smaller canvas on each side: only this canvas holds it whole
            int w = r.width() == G ? G - 80 - n : r.width() - G + 41 + n;
            int h = r.height() == G ? G - 90 : r.height() - G + 37;
            String fmt = formats[n % formats.length];
            String name = "grid" + r.height() / G + "x" + r.width() / G;
            int seed = n++;
            byte[] bytes =
                    fmt.equals("bmp") ? TestImages.bmp(w, h, seed) : TestImages.encode(TestImages.rgb(w, h, seed), fmt);
            add(cases, in, name + "." + fmt, bytes);
        }
        // spec worked examples
        add(cases, in, "spec_1920x1080.png", TestImages.encode(TestImages.rgb(1920, 1080, 1), "png"));
        add(cases, in, "spec_640x480.bmp", TestImages.bmp(640, 480, 2));
        add(cases, in, "spec_512x512.png", TestImages.encode(TestImages.rgb(512, 512, 3), "png"));
        add(cases, in, "spec_1080x1920.bmp", TestImages.bmp(1080, 1920, 4));
        add(cases, in, "spec_378x378.png", TestImages.encode(TestImages.rgb(378, 378, 5), "png"));
        // tiny and huge
        add(cases, in, "tiny_1x1.png", TestImages.encode(TestImages.rgb(1, 1, 6), "png"));
        add(cases, in, "tiny_2x3.png", TestImages.encode(TestImages.rgb(2, 3, 7), "png"));
        add(cases, in, "tiny_3x2.bmp", TestImages.encode(TestImages.rgb(3, 2, 8), "bmp"));
        add(cases, in, "huge_4000x3000.bmp", TestImages.bmp(4000, 3000, 9));
        add(cases, in, "strip_1x4000.png", TestImages.encode(TestImages.rgb(1, 4000, 10), "png"));
        add(cases, in, "strip_4000x1.png", TestImages.encode(TestImages.rgb(4000, 1, 11), "png"));
        // PNG colour types
        add(cases, in, "alpha.png", TestImages.encode(TestImages.rgba(700, 500, 12), "png"));
        add(cases, in, "palette.png", TestImages.encode(TestImages.palette(500, 333, false), "png"));
        add(cases, in, "palette_trns.png", TestImages.encode(TestImages.palette(333, 500, true), "png"));
        add(cases, in, "rgb16.png", TestImages.encode(TestImages.rgb16(420, 300, 13), "png"));
        add(cases, in, "grey16.png", TestImages.encode(TestImages.grey16(300, 420), "png"));
        add(cases, in, "grey_alpha16.png", TestImages.encode(TestImages.withAlpha16(300, 200, true), "png"));
        add(cases, in, "rgba16.png", TestImages.encode(TestImages.withAlpha16(200, 300, false), "png"));
        add(cases, in, "grey.png", TestImages.encode(TestImages.grey(800, 200, 14), "png"));
        // other containers
        add(cases, in, "first_frame.gif", TestImages.encode(TestImages.palette(640, 360, false), "gif"));
        BufferedImage src16 = TestImages.rgb(333, 222, 19);
        add(
                cases,
                in,
                "rgb565.bmp",
                TestImages.encode(TestImages.convert(src16, BufferedImage.TYPE_USHORT_565_RGB), "bmp"));
        add(
                cases,
                in,
                "rgb555.bmp",
                TestImages.encode(TestImages.convert(src16, BufferedImage.TYPE_USHORT_555_RGB), "bmp"));
        add(cases, in, "grey.tiff", TestImages.encode(TestImages.grey(390, 390, 15), "tiff"));
        // JPEG
        BufferedImage photo = TestImages.smooth(1000, 750);
        add(cases, in, "baseline.jpg", TestImages.jpeg(photo, 0.9f, false));
        add(cases, in, "progressive.jpg", TestImages.jpeg(photo, 0.9f, true));
        add(cases, in, "grey.jpg", TestImages.jpeg(TestImages.grey(600, 400, 16), 0.9f, false));
        byte[] small = TestImages.jpeg(TestImages.rgb(480, 270, 17), 0.95f, false);
        for (int o : new int[] {3, 5, 6, 8}) {
            add(cases, in, "exif" + o + ".jpg", TestImages.withExifOrientation(small, o));
        }
        byte[] png = TestImages.encode(TestImages.rgb(300, 170, 18), "png");
        add(cases, in, "exif6.png", TestImages.pngWithExifOrientation(png, 6));
        add(cases, in, "exif7.png", TestImages.pngWithExifOrientation(png, 7));
        // video: one partial canvas (5 frames → 2×3) and a full + partial (11 frames)
        List<String> five = new ArrayList<>();
        int[][] sizes = {{640, 480}, {300, 200}, {1000, 200}, {200, 1000}, {378, 378}};
        for (int i = 0; i < sizes.length; i++) {
            String f = "v5_" + i + ".png";
            Files.write(in.resolve(f), TestImages.encode(TestImages.rgb(sizes[i][0], sizes[i][1], 30 + i), "png"));
            five.add(f);
        }
        cases.add(new Case("video_5", null, five));
        List<String> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            String f = "v11_" + i + ".bmp";
            Files.write(in.resolve(f), TestImages.bmp(854, 480, 40 + i));
            eleven.add(f);
        }
        cases.add(new Case("video_11", null, eleven));
        return cases;
    }

    private static void add(List<Case> cases, Path in, String file, byte[] bytes) throws IOException {
        Files.write(in.resolve(file), bytes);
        cases.add(new Case(file.replace('.', '_'), file, null));
    }

    private static Path script() {
        for (Path p : List.of(
                Path.of("../e2e-tests/src/test/python/golden_preprocess.py"),
                Path.of("e2e-tests/src/test/python/golden_preprocess.py"))) {
            if (Files.exists(p)) {
                return p.toAbsolutePath();
            }
        }
        throw new IllegalStateException(
                "golden_preprocess.py not found from " + Path.of("").toAbsolutePath());
    }

    private static void requirePillow() {
        boolean ok;
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import PIL, numpy")
                    .redirectErrorStream(true)
                    .start();
            ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            ok = false;
        }
        if (!ok && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(PYTHON + " with PIL and numpy is required on CI (apt-get install python3-pil python3-numpy)");
        }
        Assumptions.assumeTrue(ok, PYTHON + " with PIL and numpy not available: golden test skipped");
    }

    private static String python(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(PYTHON);
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("python failed: " + String.join(" ", cmd) + "\n" + out);
        }
        return out;
    }
}
