package dev.hcxmesh.ingest.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.hcxmesh.api.v1.MediaKind;
import dev.hcxmesh.api.v1.MediaSource;
import dev.hcxmesh.api.v1.SubmitRequest;
import dev.hcxmesh.api.v1.Task;
import dev.hcxmesh.ingest.intake.JobIntake;
import dev.hcxmesh.ingest.jobs.JobBoard;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * HTTP intake for curl users: {@code curl --data-binary @clip.mp4 -H 'Content-Type: video/mp4'
 * 'http://127.0.0.1:8081/v1/media?prompt=Describe'}. Errors are problem details.
 */
@Path("/v1")
public class MediaResource {

    @Inject
    JobIntake intake;

    @Inject
    JobBoard board;

    @POST
    @Path("/media")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> upload(
            byte[] body,
            @HeaderParam("Content-Type") @DefaultValue("application/octet-stream") String contentType,
            @QueryParam("prompt") @DefaultValue("Describe this.") String prompt,
            @QueryParam("filename") @DefaultValue("upload") String filename,
            @QueryParam("ocr") @DefaultValue("true") boolean ocr,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        MediaKind kind = contentType.startsWith("video/") ? MediaKind.VIDEO : MediaKind.IMAGE;
        var request = SubmitRequest.newBuilder()
                .setMedia(MediaSource.newBuilder()
                        .setInlineBytes(com.google.protobuf.ByteString.copyFrom(body == null ? new byte[0] : body))
                        .setMimeType(contentType)
                        .setFilename(filename)
                        .setKind(kind))
                .setTask(Task.newBuilder()
                        .setPrompt(prompt)
                        .setOcr(ocr)
                        .setLens(ocr)
                        .setDisableEnrichment(!ocr))
                .setIdempotencyKey(idempotencyKey == null ? "" : idempotencyKey)
                .build();
        return Uni.createFrom().deferred(() -> intake.submit(request)).map(r -> Response.accepted(
                        Map.of("jobId", r.getJobId(), "duplicate", r.getDuplicate()))
                .build());
    }

    @GET
    @Path("/jobs/{id: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response job(@PathParam("id") String id) throws InvalidProtocolBufferException {
        var result = board.result(id);
        if (result.isPresent()) {
            return Response.ok(JsonFormat.printer().print(result.get())).build();
        }
        var progress = board.progress(id);
        if (progress.isPresent()) {
            return Response.status(202)
                    .entity(JsonFormat.printer().print(progress.get()))
                    .build();
        }
        return Response.status(404)
                .type("application/problem+json")
                .entity(Map.of("title", "NOT_FOUND", "status", 404, "detail", "no job " + id + " known yet"))
                .build();
    }
}
