package dev.hcxmesh.ocrlens.stage;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.common.MeshException;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Placeholder answering NOT_IMPLEMENTED until the OCR/Lens engines are wired. */
@ApplicationScoped
public class Unbuilt {
    @Produces
    @DefaultBean
    EnrichmentStage stage() {
        return frames -> {
            throw new MeshException(ErrorCode.NOT_IMPLEMENTED, "ocr-lens", "OCR/Lens is not built yet");
        };
    }
}
