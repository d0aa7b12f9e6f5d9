package dev.hcxmesh.ingest;

import dev.hcxmesh.api.v1.ErrorCode;
import java.util.Map;
import java.util.Objects;

/**
 * A typed ingest failure: the mesh-wide {@link ErrorCode} plus facts naming the expected and found
 * values (limit name, limit, observed). The service maps it to google.rpc.Status / HTTP / DeadLetter.
 */
public final class IngestException extends RuntimeException {
    private final ErrorCode code;
    private final Map<String, String> facts;

    public IngestException(ErrorCode code, String message) {
        this(code, message, Map.of(), null);
    }

    public IngestException(ErrorCode code, String message, Map<String, String> facts) {
        this(code, message, facts, null);
    }

    public IngestException(ErrorCode code, String message, Map<String, String> facts, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.facts = Map.copyOf(facts);
    }

    /** The mesh error code. */
    public ErrorCode code() {
        return code;
    }

    /** Key/value facts (e.g. {@code limit=max_bytes, expected=1048576, found=2097152}). */
    public Map<String, String> facts() {
        return facts;
    }

    /** A limit breach: {@code name} allowed {@code limit}, found {@code found}. */
    public static IngestException tooLarge(String name, long limit, long found) {
        return new IngestException(
                ErrorCode.MEDIA_TOO_LARGE,
                name + " over limit: expected <= " + limit + ", found " + found,
                Map.of("limit", name, "expected", Long.toString(limit), "found", Long.toString(found)));
    }
}
