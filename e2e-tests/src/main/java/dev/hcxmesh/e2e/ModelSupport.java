package dev.hcxmesh.e2e;

import dev.hcxmesh.model.fixtures.TinyCheckpoint;
import dev.hcxmesh.model.hub.ModelResolver;
import java.nio.file.Files;
import java.nio.file.Path;

/** Model resolution and tiny-checkpoint generation for the launcher and the tests (delegates to hcx-model). */
final class ModelSupport {
    /** Seed of the local tiny checkpoint: the same random weights on every machine. */
    static final long TINY_SEED = 20251122L;

    private ModelSupport() {}

    /** A local directory, or a Hugging Face id resolved through the HF cache (see ModelResolver). */
    static Path resolve(String ref) {
        return ModelResolver.resolve(ref).toAbsolutePath();
    }

    /** Generates the tiny random checkpoint into {@code dir} unless it is already there. */
    static void ensureTiny(Path dir) {
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            TinyCheckpoint.write(dir, TINY_SEED, TinyCheckpoint.Options.defaults());
        }
    }
}
