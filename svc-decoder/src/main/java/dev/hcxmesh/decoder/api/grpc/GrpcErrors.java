package dev.hcxmesh.decoder.api.grpc;

import com.google.protobuf.Any;
import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.api.v1.ErrorDetail;
import dev.hcxmesh.decoder.engine.EngineException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** Maps typed engine errors to {@code google.rpc.Status} with an {@link ErrorDetail} in its details. */
public final class GrpcErrors {
    private GrpcErrors() {}

    /** The gRPC code of an error code. */
    public static Status.Code code(ErrorCode code) {
        return switch (code) {
            case QUEUE_FULL, KV_CACHE_FULL -> Status.Code.RESOURCE_EXHAUSTED;
            case CONTEXT_TOO_LONG,
                    PROMPT_INVALID,
                    SCHEMA_INVALID,
                    MEDIA_UNDECODABLE,
                    MEDIA_TOO_LARGE,
                    MEDIA_UNSUPPORTED,
                    URL_REFUSED,
                    URL_FETCH_FAILED,
                    MESSAGE_MALFORMED -> Status.Code.INVALID_ARGUMENT;
            case DEADLINE_EXCEEDED, ENRICHMENT_TIMEOUT -> Status.Code.DEADLINE_EXCEEDED;
            case ENGINE_UNAVAILABLE -> Status.Code.UNAVAILABLE;
            case NOT_IMPLEMENTED -> Status.Code.UNIMPLEMENTED;
            default -> Status.Code.INTERNAL;
        };
    }

    public static StatusRuntimeException toStatus(EngineException e, String requestId) {
        return toStatus(e.code(), e.getMessage(), requestId);
    }

    public static StatusRuntimeException toStatus(ErrorCode code, String message, String requestId) {
        ErrorDetail detail = ErrorDetail.newBuilder()
                .setCode(code)
                .setMessage(message == null ? "" : message)
                .setStage("decoder")
                .setRequestId(requestId == null ? "" : requestId)
                .build();
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(code(code).value())
                .setMessage(message == null ? code.name() : message)
                .addDetails(Any.pack(detail))
                .build();
        return StatusProto.toStatusRuntimeException(status);
    }
}
