package dev.hcxmesh.e2e;

import com.google.protobuf.ByteString;
import dev.hcxmesh.api.v1.IngestServiceGrpc;
import dev.hcxmesh.api.v1.JobEvent;
import dev.hcxmesh.api.v1.JobResult;
import dev.hcxmesh.api.v1.MediaKind;
import dev.hcxmesh.api.v1.MediaSource;
import dev.hcxmesh.api.v1.SubmitRequest;
import dev.hcxmesh.api.v1.SubmitResponse;
import dev.hcxmesh.api.v1.Task;
import dev.hcxmesh.api.v1.UploadChunk;
import dev.hcxmesh.api.v1.WatchRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A plain gRPC client of the public API, as any backend would write it. */
public final class MeshClient implements AutoCloseable {
    private static final int CHUNK = 256 * 1024;
    private final ManagedChannel channel;

    public MeshClient(String host, int port) {
        channel = ManagedChannelBuilder.forAddress(host, port)
                .usePlaintext()
                .maxInboundMessageSize(16 * 1024 * 1024)
                .build();
    }

    /** Uploads media in chunks (client streaming) and returns the job. */
    public SubmitResponse upload(
            byte[] media, MediaKind kind, String mime, String filename, String prompt, String key) {
        var done = new CompletableFuture<SubmitResponse>();
        StreamObserver<UploadChunk> up = IngestServiceGrpc.newStub(channel).upload(new StreamObserver<>() {
            @Override
            public void onNext(SubmitResponse value) {
                done.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {}
        });
        up.onNext(UploadChunk.newBuilder()
                .setHeader(SubmitRequest.newBuilder()
                        .setMedia(MediaSource.newBuilder()
                                .setKind(kind)
                                .setMimeType(mime)
                                .setFilename(filename))
                        .setTask(
                                Task.newBuilder().setPrompt(prompt).setOcr(true).setLens(true))
                        .setIdempotencyKey(key))
                .build());
        for (int off = 0; off < media.length; off += CHUNK) {
            up.onNext(UploadChunk.newBuilder()
                    .setData(ByteString.copyFrom(media, off, Math.min(CHUNK, media.length - off)))
                    .build());
        }
        up.onCompleted();
        return done.join();
    }

    /** Watches a job to its result, passing each progress event to {@code onProgress}. */
    public JobResult await(String jobId, Consumer<dev.hcxmesh.api.v1.Progress> onProgress, long timeoutSeconds) {
        var stub = IngestServiceGrpc.newBlockingStub(channel).withDeadlineAfter(timeoutSeconds, TimeUnit.SECONDS);
        var events = stub.watch(WatchRequest.newBuilder().setJobId(jobId).build());
        while (events.hasNext()) {
            JobEvent e = events.next();
            if (e.hasResult()) {
                return e.getResult();
            }
            onProgress.accept(e.getProgress());
        }
        throw new IllegalStateException("watch of " + jobId + " ended without a result");
    }

    public ManagedChannel channel() {
        return channel;
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
