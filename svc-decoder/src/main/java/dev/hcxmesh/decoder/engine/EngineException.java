package dev.hcxmesh.decoder.engine;

import dev.hcxmesh.api.v1.ErrorCode;

/** A typed engine failure: admission refused, context too long, backend unavailable. */
public final class EngineException extends RuntimeException {
    private final ErrorCode code;

    public EngineException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
