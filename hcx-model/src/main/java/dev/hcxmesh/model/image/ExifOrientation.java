package dev.hcxmesh.model.image;

/**
 * The EXIF orientation tag (0x0112) found in an encoded image, and Pillow's {@code
 * ImageOps.exif_transpose} applied to decoded pixels. Reads JPEG APP1 "Exif", PNG {@code eXIf},
 * WebP {@code EXIF} chunks and TIFF IFD0. Anything malformed reads as 1 (no transform).
 */
public final class ExifOrientation {
    private ExifOrientation() {}

    private static final int TAG_ORIENTATION = 0x0112;

    /** The orientation (1..8) declared by {@code bytes} of the given format; 1 when absent. */
    public static int read(byte[] bytes, ImageFormat format) {
        try {
            int v =
                    switch (format) {
                        case JPEG -> fromJpeg(bytes);
                        case PNG -> fromPng(bytes);
                        case WEBP -> fromWebp(bytes);
                        case TIFF -> fromTiff(bytes, 0, bytes.length);
                        default -> 1;
                    };
            return v >= 1 && v <= 8 ? v : 1;
        } catch (RuntimeException malformed) {
            return 1;
        }
    }

    /**
     * Pillow's transpose for {@code orientation}: 2 flip L-R, 3 rotate 180, 4 flip T-B, 5 transpose, 6
     * rotate 270 (clockwise 90), 7 transverse, 8 rotate 90 (counter-clockwise).
     */
    public static RgbImage apply(RgbImage in, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return in;
        }
        int w = in.width();
        int h = in.height();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        byte[] src = in.rgb();
        byte[] out = new byte[src.length];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> {
                        sx = w - 1 - x;
                        sy = y;
                    }
                    case 3 -> {
                        sx = w - 1 - x;
                        sy = h - 1 - y;
                    }
                    case 4 -> {
                        sx = x;
                        sy = h - 1 - y;
                    }
                    case 5 -> {
                        sx = y;
                        sy = x;
                    }
                    case 6 -> {
                        sx = y;
                        sy = h - 1 - x;
                    }
                    case 7 -> {
                        sx = w - 1 - y;
                        sy = h - 1 - x;
                    }
                    default -> {
                        sx = w - 1 - y;
                        sy = x;
                    }
                }
                int s = (sy * w + sx) * 3;
                int d = (y * ow + x) * 3;
                out[d] = src[s];
                out[d + 1] = src[s + 1];
                out[d + 2] = src[s + 2];
            }
        }
        return new RgbImage(ow, oh, out);
    }

    private static int fromJpeg(byte[] b) {
        int p = 2;
        while (p + 4 <= b.length) {
            if ((b[p] & 0xFF) != 0xFF) {
                return 1;
            }
            int marker = b[p + 1] & 0xFF;
            if (marker == 0xFF) {
                p++;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                return 1;
            }
            int len = u16be(b, p + 2);
            if (marker == 0xE1
                    && len >= 8
                    && b[p + 4] == 'E'
                    && b[p + 5] == 'x'
                    && b[p + 6] == 'i'
                    && b[p + 7] == 'f') {
                return fromTiff(b, p + 10, Math.min(b.length, p + 2 + len));
            }
            p += 2 + len;
        }
        return 1;
    }

    private static int fromPng(byte[] b) {
        int p = 8;
        while (p + 8 <= b.length) {
            int len = (int) u32be(b, p);
            if (len < 0 || p + 12 + (long) len > b.length) {
                return 1;
            }
            if (b[p + 4] == 'e' && b[p + 5] == 'X' && b[p + 6] == 'I' && b[p + 7] == 'f') {
                return fromTiff(b, p + 8, p + 8 + len);
            }
            if (b[p + 4] == 'I' && b[p + 5] == 'E' && b[p + 6] == 'N' && b[p + 7] == 'D') {
                return 1;
            }
            p += 12 + len;
        }
        return 1;
    }

    private static int fromWebp(byte[] b) {
        int p = 12;
        while (p + 8 <= b.length) {
            int len = (int) u32le(b, p + 4);
            if (len < 0 || p + 8 + (long) len > b.length) {
                return 1;
            }
            if (b[p] == 'E' && b[p + 1] == 'X' && b[p + 2] == 'I' && b[p + 3] == 'F') {
                int start = p + 8;
                if (len >= 6 && b[start] == 'E' && b[start + 1] == 'x' && b[start + 2] == 'i' && b[start + 3] == 'f') {
                    start += 6;
                }
                return fromTiff(b, start, p + 8 + len);
            }
            p += 8 + len + (len & 1);
        }
        return 1;
    }

    /** Orientation from a TIFF structure occupying {@code b[start, end)}. */
    static int fromTiff(byte[] b, int start, int end) {
        if (end - start < 8) {
            return 1;
        }
        boolean le;
        if (b[start] == 'I' && b[start + 1] == 'I') {
            le = true;
        } else if (b[start] == 'M' && b[start + 1] == 'M') {
            le = false;
        } else {
            return 1;
        }
        long ifd = u32(b, start + 4, le);
        if (ifd < 8 || start + ifd + 2 > end) {
            return 1;
        }
        int p = (int) (start + ifd);
        int n = u16(b, p, le);
        p += 2;
        for (int i = 0; i < n && p + 12 <= end; i++, p += 12) {
            if (u16(b, p, le) == TAG_ORIENTATION) {
                int type = u16(b, p + 2, le);
                if (type == 3) {
                    return u16(b, p + 8, le);
                }
                if (type == 4) {
                    return (int) u32(b, p + 8, le);
                }
                return 1;
            }
        }
        return 1;
    }

    private static int u16(byte[] b, int p, boolean le) {
        return le ? (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 : u16be(b, p);
    }

    private static long u32(byte[] b, int p, boolean le) {
        return le ? u32le(b, p) : u32be(b, p);
    }

    private static int u16be(byte[] b, int p) {
        return (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
    }

    private static long u32be(byte[] b, int p) {
        return (long) (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
    }

    private static long u32le(byte[] b, int p) {
        return (long) (b[p + 3] & 0xFF) << 24 | (b[p + 2] & 0xFF) << 16 | (b[p + 1] & 0xFF) << 8 | (b[p] & 0xFF);
    }
}
