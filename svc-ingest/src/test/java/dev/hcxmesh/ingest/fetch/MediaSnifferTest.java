package dev.hcxmesh.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Magic-byte sniffing and address classification. */
class MediaSnifferTest {

    static Optional<MediaKind> sniff(byte[] b) {
        return MediaSniffer.sniff(b, b.length);
    }

    static byte[] ascii(String s, int pad) {
        byte[] src = s.getBytes(StandardCharsets.ISO_8859_1);
        byte[] b = new byte[Math.max(pad, src.length)];
        System.arraycopy(src, 0, b, 0, src.length);
        return b;
    }

    @Test
    void recognisesEveryKind() {
        assertThat(sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}))
                .contains(MediaKind.JPEG);
        assertThat(sniff(SafeUrlFetcherTest.png(16))).contains(MediaKind.PNG);
        assertThat(sniff(ascii("GIF89a", 16))).contains(MediaKind.GIF);
        assertThat(sniff(ascii("RIFF\0\0\0\0WEBPVP8 ", 16))).contains(MediaKind.WEBP);
        assertThat(sniff(ascii("RIFF\0\0\0\0AVI LIST", 16))).contains(MediaKind.AVI);
        byte[] bmp = ascii("BM", 32);
        bmp[14] = 40;
        assertThat(sniff(bmp)).contains(MediaKind.BMP);
        assertThat(sniff(new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0})).contains(MediaKind.TIFF);
        assertThat(sniff(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8})).contains(MediaKind.TIFF);
        assertThat(sniff(ascii("\0\0\0\u0020ftypisom", 16))).contains(MediaKind.MP4);
        assertThat(sniff(ascii("\0\0\0\u0014ftypqt  ", 16))).contains(MediaKind.MP4);
        assertThat(sniff(new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, 0})).contains(MediaKind.MATROSKA);
        byte[] ts = new byte[188 * 3];
        ts[0] = ts[188] = ts[376] = 0x47;
        assertThat(sniff(ts)).contains(MediaKind.MPEG_TS);
    }

    @Test
    void rejectsLookalikes() {
        assertThat(sniff(ascii("BM", 32))).isEmpty(); // no valid DIB header size
        assertThat(sniff(ascii("RIFF\0\0\0\0WAVEfmt ", 16))).isEmpty();
        assertThat(sniff(ascii("<!doctype html>", 64))).isEmpty();
        byte[] ts = new byte[188 * 3];
        ts[0] = 0x47;
        assertThat(sniff(ts)).isEmpty();
        assertThat(sniff(new byte[0])).isEmpty();
        assertThat(sniff(ascii("\0\0\0\u0018ftypavif", 16))).isEmpty(); // AVIF still, not video
        assertThat(sniff(ascii("\0\0\0\u0018ftypheic", 16))).isEmpty();
    }

    @Test
    void declaredTypeMustAgree() {
        assertThat(MediaSniffer.consistent("image/png", MediaKind.PNG)).isTrue();
        assertThat(MediaSniffer.consistent("IMAGE/PNG; q=1", MediaKind.PNG)).isTrue();
        assertThat(MediaSniffer.consistent(null, MediaKind.MP4)).isTrue();
        assertThat(MediaSniffer.consistent("application/octet-stream", MediaKind.MP4))
                .isTrue();
        assertThat(MediaSniffer.consistent("image/jpeg", MediaKind.PNG)).isFalse();
        assertThat(MediaSniffer.consistent("text/html", MediaKind.MP4)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "8.8.8.8, PUBLIC",
        "2606:4700::1111, PUBLIC",
        "127.0.0.1, LOOPBACK",
        "::1, LOOPBACK",
        "::ffff:127.0.0.1, LOOPBACK",
        "2002:7f00:1::, LOOPBACK",
        "10.0.0.1, PRIVATE",
        "172.16.5.4, PRIVATE",
        "192.168.1.1, PRIVATE",
        "100.64.0.1, PRIVATE",
        "fd12:3456::1, PRIVATE",
        "64:ff9b::a00:1, PRIVATE",
        "169.254.1.1, LINK_LOCAL",
        "fe80::1, LINK_LOCAL",
        "169.254.169.254, METADATA",
        "fd00:ec2::254, METADATA",
        "0.0.0.0, UNROUTABLE",
        "224.0.0.1, UNROUTABLE",
        "255.255.255.255, UNROUTABLE",
        "ff02::1, UNROUTABLE",
        "::, UNROUTABLE"
    })
    void classifiesAddresses(String ip, AddressPolicy.Category expected) throws Exception {
        assertThat(AddressPolicy.classify(InetAddress.getByName(ip))).isEqualTo(expected);
    }
}
