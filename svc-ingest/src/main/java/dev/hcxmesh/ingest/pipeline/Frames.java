package dev.hcxmesh.ingest.pipeline;

import com.google.protobuf.ByteString;
import dev.hcxmesh.events.v1.Frame;
import dev.hcxmesh.model.image.PillowResampler;
import dev.hcxmesh.model.image.RgbImage;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Frames for OCR/Lens: PNG-encoded, longest side bounded (boxes are normalised, so scale is free). */
final class Frames {
    private Frames() {}

    static Frame frame(RgbImage img, int index, long ptsMs, int maxSide) {
        RgbImage scaled = img;
        int longest = Math.max(img.width(), img.height());
        if (longest > maxSide) {
            double s = (double) maxSide / longest;
            int w = Math.max(1, (int) Math.round(img.width() * s));
            int h = Math.max(1, (int) Math.round(img.height() * s));
            scaled = PillowResampler.resize(img, w, h, PillowResampler.Filter.BICUBIC);
        }
        return Frame.newBuilder()
                .setIndex(index)
                .setPtsMs(ptsMs)
                .setWidth(scaled.width())
                .setHeight(scaled.height())
                .setPng(ByteString.copyFrom(png(scaled)))
                .build();
    }

    static byte[] png(RgbImage img) {
        var bi = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) bi.getRaster().getDataBuffer()).getData();
        byte[] src = img.rgb();
        for (int i = 0; i < src.length; i += 3) {
            dst[i] = src[i + 2];
            dst[i + 1] = src[i + 1];
            dst[i + 2] = src[i];
        }
        try {
            var out = new ByteArrayOutputStream();
            ImageIO.write(bi, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
