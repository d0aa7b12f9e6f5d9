package dev.hcxmesh.decoder.api.grpc;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.common.ErrorCodes;
import dev.hcxmesh.common.MeshException;
import dev.hcxmesh.decoder.engine.EngineException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Typed engine errors as {@code google.rpc.Status} with an {@code ErrorDetail}: a thin adapter over
 * the mesh's one mapping ({@link ErrorCodes}, {@link dev.hcxmesh.common.grpc.GrpcErrors}).
 */
public final class GrpcErrors {
    private GrpcErrors() {}

    /** The gRPC code of an error code. */
    public static Status.Code code(ErrorCode code) {
        return ErrorCodes.grpc(code);
    }

    public static StatusRuntimeException toStatus(EngineException e, String requestId) {
        return toStatus(e.code(), e.getMessage(), requestId);
    }

    public static StatusRuntimeException toStatus(ErrorCode code, String message, String requestId) {
        String text = message == null ? code.name() : message;
        return dev.hcxmesh.common.grpc.GrpcErrors.toStatus(
                new MeshException(code, "decoder", text), "decoder", requestId);
    }
}
