package dev.hcxmesh.common.model;

import dev.hcxmesh.model.checkpoint.Checkpoint;
import dev.hcxmesh.model.hub.ModelResolver;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * The checkpoint this service serves, opened once (memory-mapped, validated against its config).
 * Startup fails with the checkpoint's precise error when it cannot be opened.
 */
@ApplicationScoped
public class LoadedModel {
    private static final Logger LOG = Logger.getLogger(LoadedModel.class);

    @Inject
    ModelSettings settings;

    private volatile Checkpoint checkpoint;

    public Checkpoint checkpoint() {
        Checkpoint c = checkpoint;
        if (c == null) {
            synchronized (this) {
                if (checkpoint == null) {
                    Path dir = ModelResolver.resolve(settings.path());
                    checkpoint = Checkpoint.open(dir);
                    LOG.infof(
                            "model %s revision %s%s",
                            dir,
                            checkpoint.revision().substring(0, 12),
                            checkpoint.randomWeights() ? " (RANDOM weights: generated tiny checkpoint)" : "");
                }
                c = checkpoint;
            }
        }
        return c;
    }

    void close(@Observes ShutdownEvent e) {
        if (checkpoint != null) {
            checkpoint.close();
        }
    }
}
