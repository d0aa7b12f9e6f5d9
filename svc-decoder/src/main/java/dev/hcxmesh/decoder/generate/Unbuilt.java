package dev.hcxmesh.decoder.generate;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.api.v1.JobResult;
import dev.hcxmesh.common.MeshException;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.concurrent.CompletableFuture;

/** Placeholder answering NOT_IMPLEMENTED until a language engine is wired. */
@ApplicationScoped
public class Unbuilt {
    @Produces
    @DefaultBean
    GenerationStage stage() {
        return request -> CompletableFuture.completedFuture(JobResult.newBuilder()
                .setJobId(request.meta().getRequestId())
                .setFinishReason("error")
                .setError(new MeshException(ErrorCode.NOT_IMPLEMENTED, "decoder", "no language engine is built yet")
                        .toDetail(request.meta().getRequestId()))
                .build());
    }
}
