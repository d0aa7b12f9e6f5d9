package dev.hcxmesh.encoder.engine;

import dev.hcxmesh.api.v1.ErrorCode;

/** A typed vision-engine failure: bad tile input, backend unavailable, deadline exceeded. */
public final class EngineException extends RuntimeException {
    private final ErrorCode code;

    public EngineException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public EngineException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
