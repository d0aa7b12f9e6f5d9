package dev.hcxmesh.ingest.pipeline;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.common.MeshException;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Placeholders that answer NOT_IMPLEMENTED until the preprocessing and fetching engines are wired. */
@ApplicationScoped
public class Unbuilt {

    @Produces
    @DefaultBean
    VideoFrames videoFrames() {
        return (video, frames) -> {
            throw new MeshException(ErrorCode.NOT_IMPLEMENTED, "ingest", "video decoding is not built yet");
        };
    }

    @Produces
    @DefaultBean
    MediaFetcher fetcher() {
        return url -> {
            throw new MeshException(ErrorCode.NOT_IMPLEMENTED, "ingest", "URL fetching is not built yet");
        };
    }
}
