package dev.hcxmesh.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** Model resolution and tiny-checkpoint generation for the launcher (delegates to hcx-model). */
final class ModelSupport {
    private ModelSupport() {}

    static Path resolve(String ref) {
        Path p = Path.of(ref);
        if (Files.isDirectory(p)) {
            return p.toAbsolutePath();
        }
        throw new IllegalArgumentException(
                "model " + ref + " is not a directory (Hugging Face ids: see hcx-model hub)");
    }

    static void ensureTiny(Path dir) {
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new IllegalStateException("tiny checkpoint generation is not wired yet");
        }
    }
}
