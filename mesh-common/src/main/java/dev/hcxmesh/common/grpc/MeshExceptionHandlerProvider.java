package dev.hcxmesh.common.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.grpc.ExceptionHandlerProvider;
import jakarta.enterprise.context.ApplicationScoped;

/** Maps every exception a gRPC service method throws to a typed status (see {@link GrpcErrors}). */
@ApplicationScoped
public class MeshExceptionHandlerProvider implements ExceptionHandlerProvider {

    @Override
    public <ReqT, RespT> ExceptionHandler<ReqT, RespT> createHandler(
            ServerCall.Listener<ReqT> listener, ServerCall<ReqT, RespT> call, Metadata metadata) {
        return new ExceptionHandler<>(listener, call, metadata) {
            @Override
            protected void handleException(Throwable t, ServerCall<ReqT, RespT> call, Metadata metadata) {
                StatusRuntimeException s = (StatusRuntimeException) transform(t);
                Metadata trailers = s.getTrailers() != null ? s.getTrailers() : metadata;
                call.close(s.getStatus(), trailers);
            }
        };
    }

    @Override
    public Throwable transform(Throwable t) {
        if (t instanceof StatusException se) {
            return new StatusRuntimeException(se.getStatus(), se.getTrailers());
        }
        return GrpcErrors.toStatus(t, "grpc", "");
    }
}
