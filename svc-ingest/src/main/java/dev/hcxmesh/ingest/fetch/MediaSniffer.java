package dev.hcxmesh.ingest.fetch;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** Content sniffing from magic bytes; the declared Content-Type is never trusted on its own. */
public final class MediaSniffer {
    /** Bytes needed to recognise every kind (MPEG-TS needs three 188-byte packets). */
    public static final int SNIFF_BYTES = 1024;

    private static final java.util.Set<String> IMAGE_BRANDS =
            java.util.Set.of("avif", "avis", "heic", "heix", "heim", "heis", "mif1", "msf1");

    private MediaSniffer() {}

    /** The kind whose signature {@code head} starts with, if any. */
    public static Optional<MediaKind> sniff(byte[] head, int length) {
        int n = Math.min(length, head.length);
        if (n >= 3 && u(head, 0) == 0xFF && u(head, 1) == 0xD8 && u(head, 2) == 0xFF) {
            return Optional.of(MediaKind.JPEG);
        }
        if (n >= 8 && startsWith(head, n, 0, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})) {
            return Optional.of(MediaKind.PNG);
        }
        if (n >= 6 && (ascii(head, n, 0, "GIF87a") || ascii(head, n, 0, "GIF89a"))) {
            return Optional.of(MediaKind.GIF);
        }
        if (n >= 12 && ascii(head, n, 0, "RIFF")) {
            if (ascii(head, n, 8, "WEBP")) {
                return Optional.of(MediaKind.WEBP);
            }
            if (ascii(head, n, 8, "AVI ")) {
                return Optional.of(MediaKind.AVI);
            }
            return Optional.empty();
        }
        if (n >= 18 && ascii(head, n, 0, "BM")) {
            int dib = u(head, 14) | u(head, 15) << 8 | u(head, 16) << 16 | u(head, 17) << 24;
            if (dib == 12 || dib == 40 || dib == 52 || dib == 56 || dib == 64 || dib == 108 || dib == 124) {
                return Optional.of(MediaKind.BMP);
            }
        }
        if (n >= 4
                && (startsWith(head, n, 0, new byte[] {'I', 'I', 0x2A, 0})
                        || startsWith(head, n, 0, new byte[] {'M', 'M', 0, 0x2A}))) {
            return Optional.of(MediaKind.TIFF);
        }
        if (n >= 12) {
            String box = new String(head, 4, 4, StandardCharsets.ISO_8859_1);
            if (box.equals("ftyp")) {
                // HEIF/AVIF stills share the ISO BMFF box layout: not video, not supported here
                String brand = new String(head, 8, 4, StandardCharsets.ISO_8859_1);
                return IMAGE_BRANDS.contains(brand) ? Optional.empty() : Optional.of(MediaKind.MP4);
            }
            if (box.equals("moov") || box.equals("mdat") || box.equals("wide")) {
                return Optional.of(MediaKind.MP4);
            }
        }
        if (n >= 4 && u(head, 0) == 0x1A && u(head, 1) == 0x45 && u(head, 2) == 0xDF && u(head, 3) == 0xA3) {
            return Optional.of(MediaKind.MATROSKA);
        }
        if (syncEvery(head, n, 0, 188) || syncEvery(head, n, 4, 192)) {
            return Optional.of(MediaKind.MPEG_TS);
        }
        return Optional.empty();
    }

    /** True when {@code declared} (a Content-Type header, may be null) is consistent with {@code kind}. */
    public static boolean consistent(String declared, MediaKind kind) {
        if (declared == null || declared.isBlank()) {
            return true;
        }
        String type = declared.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return MediaKind.GENERIC_TYPES.contains(type) || kind.contentTypes().contains(type);
    }

    /** Sync byte 0x47 at {@code offset} of at least two (three when available) packets. */
    private static boolean syncEvery(byte[] b, int n, int offset, int packet) {
        int packets = 0;
        for (int at = offset; at < n && packets < 3; at += packet, packets++) {
            if (u(b, at) != 0x47) {
                return false;
            }
        }
        return packets >= 2;
    }

    private static boolean ascii(byte[] b, int n, int at, String s) {
        return startsWith(b, n, at, s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static boolean startsWith(byte[] b, int n, int at, byte[] sig) {
        if (at + sig.length > n) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if (b[at + i] != sig[i]) {
                return false;
            }
        }
        return true;
    }

    private static int u(byte[] b, int i) {
        return b[i] & 0xFF;
    }
}
