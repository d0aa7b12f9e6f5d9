package dev.hcxmesh.model.image;

import java.awt.Point;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Deterministic synthetic images and their encodings, for decoder and golden tests. */
final class TestImages {
    private TestImages() {}

    /** Smooth gradients plus hashed noise on a sparse lattice: exercises every resampling tap. */
    static int sample(int x, int y, int c, int seed) {
        int h = x * 0x9E3779B1 ^ y * 0x85EBCA77 ^ (c + 1) * 0xC2B2AE3D ^ seed * 0x27D4EB2F;
        h ^= h >>> 15;
        h *= 0x2C1B3C6D;
        h ^= h >>> 12;
        if (((x + 3 * y + seed) % 7) == 0) {
            return h & 0xFF;
        }
        return switch (c) {
            case 0 -> (x * 5 + y + seed) & 0xFF;
            case 1 -> (y * 3 + 40 + ((h >>> 20) & 15)) & 0xFF;
            default -> ((x ^ y) * 2 + seed) & 0xFF;
        };
    }

    /** {@link #rgb} encoded straight to a 24-bit bottom-up BMP (fast: no ImageIO). */
    static byte[] bmp(int w, int h, int seed) {
        int stride = (w * 3 + 3) & ~3;
        int size = 54 + stride * h;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(size).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(size).putInt(0).putInt(54);
        b.putInt(40)
                .putInt(w)
                .putInt(h)
                .putShort((short) 1)
                .putShort((short) 24)
                .putInt(0)
                .putInt(stride * h);
        b.putInt(2835).putInt(2835).putInt(0).putInt(0);
        byte[] out = b.array();
        for (int y = 0; y < h; y++) {
            int row = 54 + (h - 1 - y) * stride;
            for (int x = 0; x < w; x++) {
                out[row + x * 3] = (byte) sample(x, y, 2, seed);
                out[row + x * 3 + 1] = (byte) sample(x, y, 1, seed);
                out[row + x * 3 + 2] = (byte) sample(x, y, 0, seed);
            }
        }
        return out;
    }

    static BufferedImage rgb(int w, int h, int seed) {
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster r = bi.getRaster();
        int[] row = new int[w * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    row[x * 3 + c] = sample(x, y, c, seed);
                }
            }
            r.setPixels(0, y, w, 1, row);
        }
        return bi;
    }

    /** {@link #rgb} converted to another BufferedImage type (e.g. 5-6-5 / 5-5-5 for 16-bit BMPs). */
    static BufferedImage convert(BufferedImage src, int type) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), type);
        out.getGraphics().drawImage(src, 0, 0, null);
        return out;
    }

    /** A smooth image (JPEG-friendly: no noise). */
    static BufferedImage smooth(int w, int h) {
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster r = bi.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.setPixel(x, y, new int[] {x * 255 / Math.max(1, w - 1), y * 255 / Math.max(1, h - 1), (x + y) & 255});
            }
        }
        return bi;
    }

    static BufferedImage rgba(int w, int h, int seed) {
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_4BYTE_ABGR);
        WritableRaster r = bi.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.setPixel(x, y, new int[] {
                    sample(x, y, 0, seed), sample(x, y, 1, seed), sample(x, y, 2, seed), (x * 3) & 0xFF
                });
            }
        }
        return bi;
    }

    static BufferedImage grey(int w, int h, int seed) {
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = bi.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.setSample(x, y, 0, sample(x, y, 1, seed));
            }
        }
        return bi;
    }

    static BufferedImage grey16(int w, int h) {
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster r = bi.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // mostly below 256 so Pillow's clip-at-255 still leaves structure
                r.setSample(x, y, 0, (x * 7 + y * 3) % 400);
            }
        }
        return bi;
    }

    static BufferedImage rgb16(int w, int h, int seed) {
        ComponentColorModel cm = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_USHORT, w, h, 3, new Point(0, 0));
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    r.setSample(x, y, c, sample(x, y, c, seed) << 8 | sample(y, x, c, seed + 1));
                }
            }
        }
        return new BufferedImage(cm, r, false, null);
    }

    /** 16-bit grey+alpha ({@code alpha}) or RGBA, PNG colour types 4 and 6 at depth 16. */
    static BufferedImage withAlpha16(int w, int h, boolean grey) {
        ColorSpace cs = ColorSpace.getInstance(grey ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
        int bands = grey ? 2 : 4;
        ComponentColorModel cm =
                new ComponentColorModel(cs, true, false, Transparency.TRANSLUCENT, DataBuffer.TYPE_USHORT);
        WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_USHORT, w, h, bands, new Point(0, 0));
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < bands; c++) {
                    r.setSample(x, y, c, sample(x, y, c, 5) << 8 | sample(x, y, c, 6));
                }
            }
        }
        return new BufferedImage(cm, r, false, null);
    }

    /** 256-colour palette image; with {@code alpha}, some entries are (partly) transparent. */
    static BufferedImage palette(int w, int h, boolean alpha) {
        byte[] rr = new byte[256];
        byte[] gg = new byte[256];
        byte[] bb = new byte[256];
        byte[] aa = new byte[256];
        for (int i = 0; i < 256; i++) {
            rr[i] = (byte) sample(i, 0, 0, 3);
            gg[i] = (byte) sample(i, 1, 1, 3);
            bb[i] = (byte) sample(i, 2, 2, 3);
            aa[i] = (byte) (alpha && i % 3 == 0 ? i / 2 : 255);
        }
        IndexColorModel icm =
                alpha ? new IndexColorModel(8, 256, rr, gg, bb, aa) : new IndexColorModel(8, 256, rr, gg, bb);
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, icm);
        WritableRaster r = bi.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.setSample(x, y, 0, sample(x, y, 0, 11));
            }
        }
        return bi;
    }

    static byte[] encode(BufferedImage bi, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(bi, format, out)) {
            throw new IOException("no ImageIO writer for " + format + " / type " + bi.getType());
        }
        return out.toByteArray();
    }

    static byte[] jpeg(BufferedImage bi, float quality, boolean progressive) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            if (progressive) {
                p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            writer.write(null, new IIOImage(bi, null, null), p);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** Big-endian TIFF with one IFD0 entry: orientation. */
    static byte[] exifTiff(int orientation) {
        return new byte[] {
            'M',
            'M',
            0,
            42,
            0,
            0,
            0,
            8, // header, IFD0 at 8
            0,
            1, // one entry
            0x01,
            0x12,
            0,
            3,
            0,
            0,
            0,
            1,
            0,
            (byte) orientation,
            0,
            0, // orientation SHORT
            0,
            0,
            0,
            0 // no next IFD
        };
    }

    /** {@code png} with an {@code eXIf} chunk (orientation) inserted before the first IDAT. */
    static byte[] pngWithExifOrientation(byte[] png, int orientation) {
        int p = 8;
        while (!(png[p + 4] == 'I' && png[p + 5] == 'D' && png[p + 6] == 'A' && png[p + 7] == 'T')) {
            int len = java.nio.ByteBuffer.wrap(png, p, 4).getInt();
            p += 12 + len;
        }
        byte[] tiff = exifTiff(orientation);
        java.nio.ByteBuffer chunk = java.nio.ByteBuffer.allocate(12 + tiff.length);
        chunk.putInt(tiff.length).put(new byte[] {'e', 'X', 'I', 'f'}).put(tiff);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(chunk.array(), 4, 4 + tiff.length);
        chunk.putInt((int) crc.getValue());
        byte[] out = new byte[png.length + chunk.capacity()];
        System.arraycopy(png, 0, out, 0, p);
        System.arraycopy(chunk.array(), 0, out, p, chunk.capacity());
        System.arraycopy(png, p, out, p + chunk.capacity(), png.length - p);
        return out;
    }

    /** {@code jpeg} with an APP1 Exif segment (big-endian TIFF, IFD0 = orientation) after SOI. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = {
            'M',
            'M',
            0,
            42,
            0,
            0,
            0,
            8, // header, IFD0 at 8
            0,
            1, // one entry
            0x01,
            0x12,
            0,
            3,
            0,
            0,
            0,
            1,
            0,
            (byte) orientation,
            0,
            0, // orientation SHORT
            0,
            0,
            0,
            0 // no next IFD
        };
        int len = 2 + 6 + tiff.length;
        byte[] out = new byte[jpeg.length + 2 + len];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xD8;
        out[2] = (byte) 0xFF;
        out[3] = (byte) 0xE1;
        out[4] = (byte) (len >> 8);
        out[5] = (byte) len;
        byte[] exif = {'E', 'x', 'i', 'f', 0, 0};
        System.arraycopy(exif, 0, out, 6, 6);
        System.arraycopy(tiff, 0, out, 12, tiff.length);
        System.arraycopy(jpeg, 2, out, 12 + tiff.length, jpeg.length - 2);
        return out;
    }
}
