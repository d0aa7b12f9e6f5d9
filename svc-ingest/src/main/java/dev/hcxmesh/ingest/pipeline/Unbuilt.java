package dev.hcxmesh.ingest.pipeline;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.common.MeshException;
import dev.hcxmesh.events.v1.MediaRequest;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.List;

/** Placeholders that answer NOT_IMPLEMENTED until the preprocessing and fetching engines are wired. */
@ApplicationScoped
public class Unbuilt {

    @Produces
    @DefaultBean
    MediaPreparer preparer() {
        return new MediaPreparer() {
            @Override
            public List<PreparedItem> prepare(MediaRequest request, byte[] bytes) {
                throw new MeshException(ErrorCode.NOT_IMPLEMENTED, "ingest", "media preprocessing is not built yet");
            }
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
