package dev.hcxmesh.decoder.generate;

import dev.hcxmesh.api.v1.JobResult;
import dev.hcxmesh.decoder.join.JoinedRequest;
import java.util.concurrent.CompletionStage;

/** Builds the HCX prompt of a joined request and generates its answer with the configured engine. */
public interface GenerationStage {

    /**
     * @return the result; typed failures complete normally with {@code finish_reason = "error"} and an
     *     ErrorDetail, so the caller is always answered
     */
    CompletionStage<JobResult> generate(JoinedRequest request);
}
