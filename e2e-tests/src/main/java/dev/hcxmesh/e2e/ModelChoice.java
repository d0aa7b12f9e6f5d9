package dev.hcxmesh.e2e;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The checkpoint the local mesh serves: a user-given directory or Hugging Face id, or else a tiny
 * random checkpoint generated on first use (outputs are then labelled as random-weight noise).
 *
 * @param path checkpoint directory handed to the services
 * @param random true for the generated tiny checkpoint
 */
public record ModelChoice(Path path, boolean random, String source) {

    static ModelChoice resolve(Optional<String> model, Path work) {
        if (model.isPresent()) {
            return new ModelChoice(ModelSupport.resolve(model.get()), false, model.get());
        }
        Path tiny = work.resolve("tiny-model");
        ModelSupport.ensureTiny(tiny);
        return new ModelChoice(tiny.toAbsolutePath(), true, "generated tiny checkpoint");
    }

    String describe() {
        return random
                ? path + " (tiny checkpoint with RANDOM weights: answers are noise, the mesh mechanics are real)"
                : path + " (" + source + ")";
    }
}
