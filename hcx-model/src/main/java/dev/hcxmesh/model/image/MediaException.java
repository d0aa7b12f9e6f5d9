package dev.hcxmesh.model.image;

/** A media input that cannot be turned into pixels; {@link #code()} says why. */
public final class MediaException extends RuntimeException {

    /** Why the media was refused. */
    public enum Code {
        /** Over a {@link DecodeLimits} bound (bytes, pixels or side). */
        MEDIA_TOO_LARGE,
        /** The format is known but the data is corrupt or truncated. */
        MEDIA_UNDECODABLE,
        /** Not a format this decoder reads. */
        MEDIA_UNSUPPORTED
    }

    private final Code code;

    public MediaException(Code code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    public MediaException(Code code, String message, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
    }

    /** The typed reason. */
    public Code code() {
        return code;
    }

    static MediaException tooLarge(String limit, long limitValue, long found) {
        return new MediaException(Code.MEDIA_TOO_LARGE, limit + " limit is " + limitValue + ", found " + found);
    }
}
