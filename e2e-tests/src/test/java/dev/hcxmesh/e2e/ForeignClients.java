package dev.hcxmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Shared helpers of the foreign-client ITs: tool detection (skip locally, fail in CI) and running tools. */
final class ForeignClients {
    private ForeignClients() {}

    static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips the test when {@code tool} is not on PATH, unless CI=true (then it fails). */
    static void requireTool(String tool) {
        boolean present = onPath(tool);
        if (ci()) {
            assertThat(present).as(tool + " on PATH (CI=true)").isTrue();
        }
        Assumptions.assumeTrue(present, tool + " not on PATH");
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Path.of(dir, tool).toFile().canExecute()) {
                return true;
            }
        }
        return false;
    }

    /** The result of a finished tool run. */
    record Run(int exit, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Runs {@code cmd} in {@code dir}, waits at most {@code seconds}, returns exit code and output. */
    static Run run(List<String> cmd, Path dir, long seconds) {
        try {
            Path err = java.nio.file.Files.createTempFile("tool", ".err");
            var p = new ProcessBuilder(cmd)
                    .directory(dir.toFile())
                    .redirectError(err.toFile())
                    .start();
            p.getOutputStream().close();
            var out = new ByteArrayOutputStream();
            var reader = Thread.ofVirtual().start(() -> {
                try (var in = p.getInputStream()) {
                    in.transferTo(out);
                } catch (IOException e) {
                    // process gone
                }
            });
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(cmd.getFirst() + " did not finish in " + seconds + " s");
            }
            reader.join(5000);
            String stderr = java.nio.file.Files.readString(err);
            java.nio.file.Files.deleteIfExists(err);
            return new Run(p.exitValue(), out.toByteArray(), stderr);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
