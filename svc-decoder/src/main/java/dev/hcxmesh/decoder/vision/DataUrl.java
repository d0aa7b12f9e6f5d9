package dev.hcxmesh.decoder.vision;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.decoder.engine.EngineException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A decoded RFC 2397 {@code data:} URL carrying an image ({@code data:image/png;base64,...}). Pure:
 * parsing only checks the declared mime type, the encoding and the size; whether the bytes are an
 * image is for ingest to find out.
 *
 * @param mimeType the declared media type, lower case
 * @param bytes the decoded payload
 */
public record DataUrl(String mimeType, byte[] bytes) {
    public DataUrl {
        if (mimeType == null || mimeType.isBlank()) {
            throw new IllegalArgumentException("data URL needs a mime type");
        }
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("data URL needs a payload");
        }
    }

    /**
     * Parses {@code url}.
     *
     * @param maxBytes largest decoded payload
     * @param mimeTypes the mime types an image may declare
     * @throws EngineException MEDIA_UNSUPPORTED for another mime type, MEDIA_TOO_LARGE above {@code
     *     maxBytes}, MEDIA_UNDECODABLE for a URL that is not base64 or does not decode
     */
    public static DataUrl parse(String url, int maxBytes, List<String> mimeTypes) {
        if (url == null || !url.regionMatches(true, 0, "data:", 0, 5)) {
            throw new EngineException(ErrorCode.MEDIA_UNDECODABLE, "expected a data: URL");
        }
        int comma = url.indexOf(',');
        if (comma < 0) {
            throw new EngineException(ErrorCode.MEDIA_UNDECODABLE, "data URL has no ',' before its payload");
        }
        String[] header = url.substring(5, comma).split(";");
        String mime = header[0].trim().toLowerCase(Locale.ROOT);
        boolean base64 = false;
        for (int i = 1; i < header.length; i++) {
            base64 |= header[i].trim().equalsIgnoreCase("base64");
        }
        if (mime.isEmpty() || !mimeTypes.contains(mime)) {
            throw new EngineException(
                    ErrorCode.MEDIA_UNSUPPORTED,
                    "data URL mime type '" + mime + "' is not an accepted image type " + mimeTypes);
        }
        if (!base64) {
            throw new EngineException(
                    ErrorCode.MEDIA_UNDECODABLE,
                    "data URL images must be base64 encoded (data:" + mime + ";base64,...)");
        }
        String payload = url.substring(comma + 1).strip();
        // refuse a huge payload before decoding it; 5 % slack for line breaks inside the base64
        long maxChars = ((long) maxBytes + 2) / 3 * 4 * 105 / 100 + 16;
        if (payload.length() > maxChars) {
            throw new EngineException(
                    ErrorCode.MEDIA_TOO_LARGE,
                    "data URL payload of " + payload.length() + " base64 characters (about "
                            + (long) payload.length() / 4 * 3 + " bytes) exceeds the limit " + maxBytes);
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            throw new EngineException(ErrorCode.MEDIA_UNDECODABLE, "data URL payload is not base64: " + e.getMessage());
        }
        if (bytes.length == 0) {
            throw new EngineException(ErrorCode.MEDIA_UNDECODABLE, "data URL payload is empty");
        }
        if (bytes.length > maxBytes) {
            throw new EngineException(
                    ErrorCode.MEDIA_TOO_LARGE,
                    "data URL payload of " + bytes.length + " bytes exceeds the limit " + maxBytes);
        }
        return new DataUrl(mime, bytes);
    }
}
