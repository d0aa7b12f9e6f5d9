package dev.hcxmesh.encoder.health;

import dev.hcxmesh.encoder.stage.VisionStage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the vision engine is loaded (Kafka readiness comes from the messaging extension). */
@Readiness
@ApplicationScoped
public class EngineReadiness implements HealthCheck {
    @Inject
    VisionStage stage;

    @Override
    public HealthCheckResponse call() {
        boolean up = stage.ready();
        return HealthCheckResponse.named("vision-engine")
                .status(up)
                .withData("engine", up ? stage.engineName() : "loading")
                .build();
    }
}
