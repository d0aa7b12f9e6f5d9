package dev.hcxmesh.decoder.api.openai;

import dev.hcxmesh.api.v1.ErrorCode;

/**
 * An HTTP API error with its status and typed code.
 *
 * @param param the offending request field, or null
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final ErrorCode code;
    private final String param;

    public ApiException(int status, ErrorCode code, String param, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.param = param;
    }

    public int status() {
        return status;
    }

    public ErrorCode code() {
        return code;
    }

    public String param() {
        return param;
    }
}
