package dev.hcxmesh.encoder.stage;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.common.MeshException;
import dev.hcxmesh.events.v1.VisualItemGeometry;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.List;

/** Placeholder answering NOT_IMPLEMENTED until an engine is wired. */
@ApplicationScoped
public class Unbuilt {
    @Produces
    @DefaultBean
    VisionStage stage() {
        return new VisionStage() {
            @Override
            public String engineName() {
                return "none";
            }

            @Override
            public int hidden() {
                return 0;
            }

            @Override
            public float[] encodeTiles(List<byte[]> tiles, int[] queries) {
                throw new MeshException(ErrorCode.NOT_IMPLEMENTED, "vision-encoder", "no vision engine is built yet");
            }

            @Override
            public float[] assemble(VisualItemGeometry geometry, float[] perTile) {
                throw new MeshException(ErrorCode.NOT_IMPLEMENTED, "vision-encoder", "no vision engine is built yet");
            }

            @Override
            public String modelRevision() {
                return "";
            }
        };
    }
}
