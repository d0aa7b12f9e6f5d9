package dev.hcxmesh.ingest.grpc;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.api.v1.GetResultRequest;
import dev.hcxmesh.api.v1.IngestService;
import dev.hcxmesh.api.v1.JobEvent;
import dev.hcxmesh.api.v1.JobResult;
import dev.hcxmesh.api.v1.SubmitRequest;
import dev.hcxmesh.api.v1.SubmitResponse;
import dev.hcxmesh.api.v1.UploadChunk;
import dev.hcxmesh.api.v1.WatchRequest;
import dev.hcxmesh.common.MeshException;
import dev.hcxmesh.ingest.config.IngestConfig;
import dev.hcxmesh.ingest.intake.JobIntake;
import dev.hcxmesh.ingest.jobs.JobBoard;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;

/** The public intake API over gRPC (hcx.v1.IngestService). Errors become typed statuses. */
@GrpcService
public class IngestGrpcService implements IngestService {

    @Inject
    JobIntake intake;

    @Inject
    JobBoard board;

    @Inject
    IngestConfig config;

    @Override
    public Uni<SubmitResponse> submit(SubmitRequest request) {
        return Uni.createFrom().deferred(() -> intake.submit(request));
    }

    @Override
    public Uni<SubmitResponse> upload(Multi<UploadChunk> chunks) {
        long max = config.limits().maxBytes();
        return chunks.collect()
                .in(Upload::new, (u, c) -> u.add(c, max))
                .onItem()
                .transformToUni(u -> {
                    if (u.header == null) {
                        return Uni.createFrom()
                                .failure(new MeshException(
                                        ErrorCode.MEDIA_UNSUPPORTED,
                                        "ingest",
                                        "upload stream must start with a header message"));
                    }
                    return intake.submit(JobIntake.withBytes(u.header, u.bytes.toByteArray()));
                });
    }

    @Override
    public Uni<JobResult> getResult(GetResultRequest request) {
        return Uni.createFrom().item(() -> board.result(request.getJobId()).orElseThrow(() -> Status.NOT_FOUND
                .withDescription("no result yet for job " + request.getJobId())
                .asRuntimeException()));
    }

    @Override
    public Multi<JobEvent> watch(WatchRequest request) {
        return board.watch(request.getJobId());
    }

    /** Accumulates a client-streamed upload, refusing to grow past the byte limit. */
    private static final class Upload {
        SubmitRequest header;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        void add(UploadChunk chunk, long max) {
            switch (chunk.getPartCase()) {
                case HEADER -> header = chunk.getHeader();
                case DATA -> {
                    if (bytes.size() + (long) chunk.getData().size() > max) {
                        throw new MeshException(
                                ErrorCode.MEDIA_TOO_LARGE,
                                "ingest",
                                "upload exceeds the limit of " + max + " bytes",
                                java.util.Map.of("limit", Long.toString(max)),
                                null);
                    }
                    bytes.writeBytes(chunk.getData().toByteArray());
                }
                case PART_NOT_SET -> {}
            }
        }
    }
}
