package dev.hcxmesh.observability;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository and this module's configuration live when surefire runs the tests. */
final class Paths {
    private Paths() {}

    static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("observability/metric-names.txt")) ? here : here.getParent();
    }

    static Path observability() {
        return root().resolve("observability");
    }
}
