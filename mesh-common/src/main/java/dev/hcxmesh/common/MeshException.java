package dev.hcxmesh.common;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.api.v1.ErrorDetail;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A typed failure of the mesh. Its {@link ErrorCode} decides the gRPC status, the HTTP status and
 * what ends up in a dead letter; {@code facts} carry the numbers a caller needs (limit, observed
 * value, tensor name...).
 */
public class MeshException extends RuntimeException {
    private final ErrorCode code;
    private final String stage;
    private final Map<String, String> facts;

    public MeshException(ErrorCode code, String stage, String message) {
        this(code, stage, message, Map.of(), null);
    }

    public MeshException(ErrorCode code, String stage, String message, Map<String, String> facts, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.stage = stage;
        this.facts = Map.copyOf(new LinkedHashMap<>(facts));
    }

    public ErrorCode code() {
        return code;
    }

    public String stage() {
        return stage;
    }

    public Map<String, String> facts() {
        return facts;
    }

    public ErrorDetail toDetail(String requestId) {
        return ErrorDetail.newBuilder()
                .setCode(code)
                .setMessage(String.valueOf(getMessage()))
                .setStage(stage == null ? "" : stage)
                .setRequestId(requestId == null ? "" : requestId)
                .putAllFacts(facts)
                .build();
    }

    /** Any throwable as a typed detail: a MeshException keeps its code, anything else is INTERNAL. */
    public static ErrorDetail detailOf(Throwable t, String stage, String requestId) {
        if (t instanceof MeshException m) {
            return m.toDetail(requestId);
        }
        return ErrorDetail.newBuilder()
                .setCode(ErrorCode.INTERNAL)
                .setMessage(t.getClass().getSimpleName() + ": " + t.getMessage())
                .setStage(stage)
                .setRequestId(requestId == null ? "" : requestId)
                .build();
    }
}
