package dev.hcxmesh.decoder.health;

import dev.hcxmesh.decoder.engine.LanguageEngine;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Loads the language engine at start-up (not on the first request) and reports it in readiness. */
@Startup
@Readiness
@ApplicationScoped
public class EngineReadiness implements HealthCheck {
    @Inject
    LanguageEngine engine;

    @Override
    public HealthCheckResponse call() {
        var info = engine.info();
        return HealthCheckResponse.named("language-engine")
                .status(!info.name().equals("none"))
                .withData("engine", info.name())
                .withData("randomWeights", info.randomWeights())
                .build();
    }
}
