package dev.hcxmesh.common.grpc;

import com.google.protobuf.Any;
import dev.hcxmesh.common.ErrorCodes;
import dev.hcxmesh.common.MeshException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * Turns any failure into a gRPC status carrying {@code google.rpc.Status} with an {@code
 * hcx.v1.ErrorDetail} in its details, so clients in any language get a typed error.
 */
public final class GrpcErrors {
    private GrpcErrors() {}

    public static StatusRuntimeException toStatus(Throwable t, String stage, String requestId) {
        if (t instanceof StatusRuntimeException s) {
            return s;
        }
        var detail = MeshException.detailOf(t, stage, requestId);
        var status = com.google.rpc.Status.newBuilder()
                .setCode(ErrorCodes.grpc(detail.getCode()).value())
                .setMessage(detail.getMessage())
                .addDetails(Any.pack(detail))
                .build();
        return StatusProto.toStatusRuntimeException(status);
    }
}
