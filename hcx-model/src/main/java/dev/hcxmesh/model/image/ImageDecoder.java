package dev.hcxmesh.model.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Encoded bytes → {@link RgbImage}, matching what the reference loader gets from Pillow: {@code
 * ImageOps.exif_transpose(Image.open(b)).convert("RGB")}.
 *
 * <p>Pillow {@code convert("RGB")} semantics reproduced here: alpha is dropped (not composited);
 * palettes are expanded (a transparent index keeps its palette colour); grey is replicated; 16-bit
 * colour samples keep their high byte; 16-bit grey ({@code I} mode in Pillow 9.x) is clipped to 255
 * (not scaled) while 16-bit grey+alpha keeps its high byte; 1/2/4-bit grey is scaled to 0..255; CMYK uses Pillow's {@code cmyk2rgb}.
 *
 * <p>Order of checks: byte size, then format signature, then the header's dimensions against
 * {@link DecodeLimits} (before any pixel is decoded), then decode. First GIF frame only.
 */
public final class ImageDecoder {
    private ImageDecoder() {}

    static {
        ImageIO.setUseCache(false);
        ImageIO.scanForPlugins();
    }

    /** Decodes {@code bytes}, refusing inputs outside {@code limits}. */
    public static RgbImage decode(byte[] bytes, DecodeLimits limits) {
        limits.checkBytes(bytes.length);
        ImageFormat format = ImageFormat.sniff(bytes);
        if (format == null) {
            throw new MediaException(MediaException.Code.MEDIA_UNSUPPORTED, "unrecognised image signature");
        }
        RgbImage rgb = decodePixels(bytes, format, limits);
        return ExifOrientation.apply(rgb, ExifOrientation.read(bytes, format));
    }

    private static RgbImage decodePixels(byte[] bytes, ImageFormat format, DecodeLimits limits) {
        boolean cmyk = format == ImageFormat.JPEG && jpegComponents(bytes) == 4;
        List<ImageReader> readers = new ArrayList<>();
        ImageIO.getImageReadersByFormatName(format.imageIoName()).forEachRemaining(readers::add);
        if (readers.isEmpty()) {
            throw new MediaException(
                    MediaException.Code.MEDIA_UNSUPPORTED, "no reader for " + format + " on the class path");
        }
        if (format == ImageFormat.JPEG && !cmyk) {
            // The JDK's own reader decodes YCbCr/grey identically (TwelveMonkeys delegates to it) and
            // ~1.5x faster; TwelveMonkeys stays as the fallback for files the JDK reader rejects.
            readers.sort((a, b) -> Boolean.compare(!isJdk(a), !isJdk(b)));
        }
        MediaException failure = null;
        for (ImageReader reader : readers) {
            try {
                return decodeWith(reader, bytes, format, limits, cmyk);
            } catch (MediaException e) {
                if (e.code() == MediaException.Code.MEDIA_TOO_LARGE) {
                    throw e;
                }
                failure = failure == null ? e : failure;
            } finally {
                reader.dispose();
            }
        }
        throw failure;
    }

    private static boolean isJdk(ImageReader r) {
        return r.getClass().getName().startsWith("com.sun.");
    }

    private static RgbImage decodeWith(
            ImageReader reader, byte[] bytes, ImageFormat format, DecodeLimits limits, boolean cmyk) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            limits.checkDimensions(width, height);
            if (cmyk) {
                return cmykToRgb(reader.readRaster(0, null), adobeInverted(bytes));
            }
            return toRgb(reader.read(0));
        } catch (MediaException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new MediaException(
                    MediaException.Code.MEDIA_UNDECODABLE, format + " data could not be decoded: " + e.getMessage(), e);
        }
    }

    /** Pixels of any ImageIO image as Pillow's {@code convert("RGB")} would give them. */
    static RgbImage toRgb(BufferedImage bi) {
        int w = bi.getWidth();
        int h = bi.getHeight();
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        Raster r = bi.getRaster();
        if (bi.getType() == BufferedImage.TYPE_3BYTE_BGR
                && r.getDataBuffer() instanceof DataBufferByte db
                && r.getMinX() == 0
                && r.getMinY() == 0) {
            byte[] bgr = db.getData();
            for (int i = 0; i < out.length; i += 3) {
                out[i] = bgr[i + 2];
                out[i + 1] = bgr[i + 1];
                out[i + 2] = bgr[i];
            }
            return new RgbImage(w, h, out);
        }
        ColorModel cm = bi.getColorModel();
        int bands = r.getNumBands();
        int[] row = new int[w * bands];
        if (cm instanceof IndexColorModel icm) {
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int idx = row[x];
                    int o = (y * w + x) * 3;
                    out[o] = (byte) icm.getRed(idx);
                    out[o + 1] = (byte) icm.getGreen(idx);
                    out[o + 2] = (byte) icm.getBlue(idx);
                }
            }
            return new RgbImage(w, h, out);
        }
        int[] bits = r.getSampleModel().getSampleSize(); // per band: 5-6-5 BMPs differ per band
        int csType = cm.getColorSpace().getType();
        boolean grey = csType == ColorSpace.TYPE_GRAY;
        if (csType == ColorSpace.TYPE_CMYK && bands >= 4 && bits[0] == 8) {
            return cmykToRgb(r, false); // e.g. CMYK TIFF: Pillow reads it uninverted
        }
        if (!grey && csType != ColorSpace.TYPE_RGB) {
            throw new MediaException(
                    MediaException.Code.MEDIA_UNSUPPORTED, "colour space type " + csType + " is not RGB or grey");
        }
        for (int y = 0; y < h; y++) {
            r.getPixels(0, y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int p = x * bands;
                int o = (y * w + x) * 3;
                if (grey) {
                    byte v = (byte) (bands == 1 ? greyTo8(row[p], bits[0]) : colourTo8(row[p], bits[0]));
                    out[o] = v;
                    out[o + 1] = v;
                    out[o + 2] = v;
                } else {
                    out[o] = (byte) colourTo8(row[p], bits[0]);
                    out[o + 1] = (byte) colourTo8(row[p + 1], bits[1]);
                    out[o + 2] = (byte) colourTo8(row[p + 2], bits[2]);
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    // Pillow: L;1/L;2/L;4 unpack scaled to 0..255; 16-bit grey opens as "I" and I→RGB clips at 255
    // (16-bit grey+alpha opens as "LA" via "LA;16B", i.e. high byte: see colourTo8).
    private static int greyTo8(int v, int bits) {
        if (bits == 8) {
            return v;
        }
        if (bits < 8) {
            return v * 255 / ((1 << bits) - 1);
        }
        return Math.min(v, 255);
    }

    // Pillow unpacks 16-bit colour ("RGB;16B", "RGBA;16B") by keeping the most significant byte.
    private static int colourTo8(int v, int bits) {
        if (bits == 8) {
            return v;
        }
        if (bits < 8) {
            return v * 255 / ((1 << bits) - 1);
        }
        return v >>> (bits - 8);
    }

    /** Pillow's {@code cmyk2rgb}: {@code R = nk − MULDIV255(C, nk)} with {@code nk = 255 − K}. */
    static RgbImage cmykToRgb(Raster r, boolean inverted) {
        int w = r.getWidth();
        int h = r.getHeight();
        if (r.getNumBands() != 4) {
            throw new MediaException(
                    MediaException.Code.MEDIA_UNSUPPORTED, "CMYK JPEG decoded to " + r.getNumBands() + " bands");
        }
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        int[] row = new int[w * 4];
        for (int y = 0; y < h; y++) {
            r.getPixels(r.getMinX(), r.getMinY() + y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int p = x * 4;
                int k = inverted ? 255 - row[p + 3] : row[p + 3];
                int nk = 255 - k;
                int o = (y * w + x) * 3;
                for (int c = 0; c < 3; c++) {
                    int v = inverted ? 255 - row[p + c] : row[p + c];
                    out[o + c] = (byte) clip8(nk - mulDiv255(v, nk));
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    private static int mulDiv255(int a, int b) {
        int tmp = a * b + 128;
        return ((tmp >> 8) + tmp) >> 8;
    }

    private static int clip8(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    /** Component count of the first SOF segment of a JPEG, or 0. */
    static int jpegComponents(byte[] b) {
        int p = 2;
        while (p + 4 <= b.length) {
            if ((b[p] & 0xFF) != 0xFF) {
                return 0;
            }
            int marker = b[p + 1] & 0xFF;
            if (marker == 0xFF) {
                p++;
                continue;
            }
            int len = (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof && p + 9 < b.length) {
                return b[p + 9] & 0xFF;
            }
            if (marker == 0xDA) {
                return 0;
            }
            p += 2 + len;
        }
        return 0;
    }

    /** True when an Adobe APP14 segment is present (Pillow then reads CMYK as inverted). */
    static boolean adobeInverted(byte[] b) {
        int p = 2;
        while (p + 4 <= b.length) {
            if ((b[p] & 0xFF) != 0xFF) {
                return false;
            }
            int marker = b[p + 1] & 0xFF;
            if (marker == 0xFF) {
                p++;
                continue;
            }
            if (marker == 0xDA) {
                return false;
            }
            int len = (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
            if (marker == 0xEE && len >= 7 && b[p + 4] == 'A' && b[p + 5] == 'd' && b[p + 6] == 'o') {
                return true;
            }
            p += 2 + len;
        }
        return false;
    }
}
