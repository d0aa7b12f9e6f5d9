package dev.hcxmesh.common.health;

import dev.hcxmesh.common.model.LoadedModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the service's checkpoint is open and validated; down with the checkpoint's precise
 * error otherwise. Kafka readiness comes from the messaging extension's own checks.
 */
@Readiness
@ApplicationScoped
public class ModelReadiness implements HealthCheck {
    @Inject
    LoadedModel model;

    @Override
    public HealthCheckResponse call() {
        try {
            var ckpt = model.checkpoint();
            return HealthCheckResponse.named("model")
                    .up()
                    .withData("revision", ckpt.revision().substring(0, 12))
                    .withData("randomWeights", ckpt.randomWeights())
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("model")
                    .down()
                    .withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
