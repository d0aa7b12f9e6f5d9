package dev.hcxmesh.ingest.fetch;

import java.util.Set;

/** Media containers recognised by magic bytes, with the content types a server may declare for them. */
public enum MediaKind {
    JPEG(false, Set.of("image/jpeg", "image/jpg", "image/pjpeg")),
    PNG(false, Set.of("image/png", "image/apng")),
    GIF(false, Set.of("image/gif")),
    WEBP(false, Set.of("image/webp")),
    BMP(false, Set.of("image/bmp", "image/x-bmp", "image/x-ms-bmp")),
    TIFF(false, Set.of("image/tiff", "image/tif")),
    /** ISO BMFF: MP4, MOV, M4V, 3GP. */
    MP4(true, Set.of("video/mp4", "video/quicktime", "video/x-m4v", "video/3gpp", "application/mp4")),
    /** EBML: Matroska and WebM. */
    MATROSKA(true, Set.of("video/x-matroska", "video/webm", "video/matroska")),
    MPEG_TS(true, Set.of("video/mp2t", "video/mpeg", "video/vnd.dlna.mpeg-tts")),
    AVI(true, Set.of("video/x-msvideo", "video/avi", "video/msvideo"));

    /** Declared types that say nothing about the format; the sniffed kind decides. */
    public static final Set<String> GENERIC_TYPES =
            Set.of("application/octet-stream", "binary/octet-stream", "application/binary");

    private final boolean video;
    private final Set<String> contentTypes;

    MediaKind(boolean video, Set<String> contentTypes) {
        this.video = video;
        this.contentTypes = contentTypes;
    }

    /** True for video containers. */
    public boolean isVideo() {
        return video;
    }

    /** Content types (lower case, no parameters) consistent with this kind. */
    public Set<String> contentTypes() {
        return contentTypes;
    }
}
