package dev.hcxmesh.broker;

import dev.hcxmesh.model.fixtures.TinyCheckpoint;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Quarkus test resource: a generated tiny random checkpoint (HF layout) as {@code hcx.model.path}. */
public final class TinyModelTestResource implements QuarkusTestResourceLifecycleManager {
    private static volatile Path shared;

    @Override
    public Map<String, String> start() {
        return Map.of("hcx.model.path", tinyModel().toString());
    }

    /** One tiny checkpoint per JVM, generated on first use. */
    public static synchronized Path tinyModel() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("hcx-tiny-model-");
                TinyCheckpoint.write(dir, 7L, TinyCheckpoint.Options.defaults());
                shared = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    @Override
    public void stop() {}
}
