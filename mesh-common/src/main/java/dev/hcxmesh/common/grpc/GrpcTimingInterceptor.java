package dev.hcxmesh.common.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;

/**
 * Times every gRPC call a mesh service serves, from the call reaching the server (headers read) to
 * its status being sent, as {@value #TIMER}{@code {method, status}} with histogram buckets, and
 * returns that time to the client in the trailer {@code hcx-server-micros}. Set
 * against the client's own call time this splits a gRPC hop into the server's work (for {@code
 * Submit}: validation and the Kafka produce to {@code hcx.media.requests}) and the wire (HTTP/2
 * framing, (de)serialisation, event-loop hand-offs).
 */
@ApplicationScoped
@GlobalInterceptor
public class GrpcTimingInterceptor implements ServerInterceptor {
    public static final String TIMER = "hcx_grpc_server_seconds";

    /**
     * Trailer with the server's time for the call in microseconds, so a client can split its own call
     * time into the server's part and the wire (like HTTP's Server-Timing).
     */
    public static final Metadata.Key<String> SERVER_MICROS =
            Metadata.Key.of("hcx-server-micros", Metadata.ASCII_STRING_MARSHALLER);

    @Inject
    MeterRegistry registry;

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        long start = System.nanoTime();
        String method = call.getMethodDescriptor().getFullMethodName();
        return next.startCall(
                new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                    @Override
                    public void close(Status status, Metadata trailers) {
                        long nanos = System.nanoTime() - start;
                        Timer.builder(TIMER)
                                .description("gRPC call served: request headers in to status out")
                                .tags(
                                        "method",
                                        method,
                                        "status",
                                        status.getCode().name())
                                .register(registry)
                                .record(nanos, TimeUnit.NANOSECONDS);
                        trailers.put(SERVER_MICROS, Long.toString(nanos / 1000));
                        super.close(status, trailers);
                    }
                },
                headers);
    }
}
