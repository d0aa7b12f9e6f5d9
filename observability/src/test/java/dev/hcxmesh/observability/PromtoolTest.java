package dev.hcxmesh.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code promtool check config} and {@code check rules} (Debian package "prometheus"). Skipped when
 * promtool is not installed, except under CI=true, where a missing promtool fails.
 */
class PromtoolTest {

    static Path promtool() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, "promtool");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    static String run(String... args) throws IOException, InterruptedException {
        Path tool = promtool();
        if (tool == null) {
            assertThat(System.getenv("CI"))
                    .as("promtool is required under CI (apt-get install prometheus)")
                    .isNotEqualTo("true");
            assumeTrue(false, "promtool not installed");
        }
        List<String> cmd = new ArrayList<>(List.of(tool.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(Paths.observability().resolve("prometheus").toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void configIsValid() throws Exception {
        assertThat(run("check", "config", "prometheus.yml")).contains("SUCCESS");
    }

    @Test
    void rulesAreValid() throws Exception {
        assertThat(run("check", "rules", "hcx-mesh-rules.yml")).contains("SUCCESS");
    }
}
