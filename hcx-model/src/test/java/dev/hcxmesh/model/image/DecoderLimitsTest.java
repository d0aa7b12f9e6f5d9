package dev.hcxmesh.model.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** Limits, typed errors and EXIF handling of {@link ImageDecoder}. */
class DecoderLimitsTest {

    /** A valid-looking PNG whose IHDR claims {@code w}×{@code h} but whose data is tiny (a "bomb"). */
    static byte[] pngClaiming(int w, int h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(out);
        d.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream i = new DataOutputStream(ihdr);
        i.writeInt(w);
        i.writeInt(h);
        i.write(new byte[] {8, 2, 0, 0, 0});
        chunk(d, "IHDR", ihdr.toByteArray());
        Deflater def = new Deflater();
        def.setInput(new byte[1 + 3]);
        def.finish();
        byte[] buf = new byte[64];
        int n = def.deflate(buf);
        chunk(d, "IDAT", Arrays.copyOf(buf, n));
        chunk(d, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(DataOutputStream d, String type, byte[] data) throws IOException {
        d.writeInt(data.length);
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }

    @Test
    void bombIsRefusedFromTheHeader() throws IOException {
        byte[] bomb = pngClaiming(60_000, 60_000);
        assertThat(bomb.length).isLessThan(200);
        assertThatThrownBy(() -> ImageDecoder.decode(bomb, DecodeLimits.defaults()))
                .isInstanceOfSatisfying(
                        MediaException.class, e -> assertThat(e.code()).isEqualTo(MediaException.Code.MEDIA_TOO_LARGE))
                .hasMessageContaining("maxSide")
                .hasMessageContaining("60000");
    }

    @Test
    void pixelLimitNamesLimitAndValue() throws IOException {
        byte[] png = TestImages.encode(TestImages.rgb(100, 50, 1), "png");
        assertThatThrownBy(() -> ImageDecoder.decode(png, new DecodeLimits(1 << 20, 4999, 1000)))
                .isInstanceOf(MediaException.class)
                .hasMessageContaining("maxPixels limit is 4999, found 5000");
        assertThat(ImageDecoder.decode(png, new DecodeLimits(1 << 20, 5000, 100))
                        .width())
                .isEqualTo(100);
    }

    @Test
    void byteLimitIsCheckedFirst() {
        assertThatThrownBy(() -> ImageDecoder.decode(new byte[2000], new DecodeLimits(1000, 10, 10)))
                .isInstanceOfSatisfying(
                        MediaException.class, e -> assertThat(e.code()).isEqualTo(MediaException.Code.MEDIA_TOO_LARGE))
                .hasMessageContaining("maxBytes limit is 1000, found 2000");
    }

    @Test
    void unknownSignatureIsUnsupported() {
        assertThatThrownBy(() -> ImageDecoder.decode("hello world".getBytes(), DecodeLimits.defaults()))
                .isInstanceOfSatisfying(MediaException.class, e -> assertThat(e.code())
                        .isEqualTo(MediaException.Code.MEDIA_UNSUPPORTED));
    }

    @Test
    void truncatedDataIsUndecodable() throws IOException {
        byte[] png = TestImages.encode(TestImages.rgb(200, 200, 2), "png");
        byte[] cut = Arrays.copyOf(png, png.length / 2);
        assertThatThrownBy(() -> ImageDecoder.decode(cut, DecodeLimits.defaults()))
                .isInstanceOfSatisfying(MediaException.class, e -> assertThat(e.code())
                        .isEqualTo(MediaException.Code.MEDIA_UNDECODABLE));
    }

    @Test
    void exifOrientationRotatesAndFlips() throws IOException {
        byte[] jpg = TestImages.jpeg(TestImages.smooth(40, 20), 0.9f, false);
        RgbImage plain = ImageDecoder.decode(jpg, DecodeLimits.defaults());
        for (int o = 1; o <= 8; o++) {
            RgbImage img = ImageDecoder.decode(TestImages.withExifOrientation(jpg, o), DecodeLimits.defaults());
            assertThat(ExifOrientation.read(TestImages.withExifOrientation(jpg, o), ImageFormat.JPEG))
                    .isEqualTo(o);
            assertThat(img.width()).isEqualTo(o >= 5 ? 20 : 40);
            assertThat(img.rgb()).isEqualTo(ExifOrientation.apply(plain, o).rgb());
        }
        // orientation 6 (rotate 90° clockwise): output top-left is the source's bottom-left
        RgbImage r6 = ExifOrientation.apply(plain, 6);
        assertThat(r6.get(0, 0, 0)).isEqualTo(plain.get(0, 19, 0));
    }
}
