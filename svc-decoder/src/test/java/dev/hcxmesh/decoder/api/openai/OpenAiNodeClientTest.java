package dev.hcxmesh.decoder.api.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.decoder.engine.EngineException;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code e2e-tests/src/test/node/openai-client.mjs} (the real, unmodified {@code openai} npm
 * package) against this app. Skipped when node or the installed package is missing, unless
 * {@code CI=true}, where that is a failure. Install with {@code npm install} in that folder.
 */
@QuarkusTest
class OpenAiNodeClientTest {
    private static final Path NODE_DIR =
            Path.of("..", "e2e-tests", "src", "test", "node").toAbsolutePath().normalize();

    @TestHTTPResource("/v1")
    URL baseUrl;

    @AfterEach
    void reset() {
        FakeEngineProducer.ENGINE.script();
        FakeEngineProducer.ENGINE.failOnStart = null;
    }

    @Test
    void officialOpenAiClientTalksToTheDecoder() throws Exception {
        requireNode();
        var vocab = FakeEngineProducer.VOCAB;
        FakeEngineProducer.ENGINE.script(vocab.idOf("Hello"), vocab.idOf(" world"), vocab.idOf("<|endofturn|>"));
        String out = runNode(Map.of("HCX_EXPECT_TEXT", "Hello world"));
        assertThat(out).contains("\"ok\":true").contains("\"streamed\":\"Hello world\"");
    }

    @Test
    void officialOpenAiClientSeesRateLimitErrors() throws Exception {
        requireNode();
        FakeEngineProducer.ENGINE.failOnStart = new EngineException(ErrorCode.QUEUE_FULL, "queue full");
        assertThat(runNode(Map.of("HCX_EXPECT_429", "1"))).contains("\"rateLimited\":429");
    }

    private static void requireNode() {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        boolean installed = Files.isRegularFile(NODE_DIR.resolve("node_modules/openai/package.json"));
        boolean node = nodeWorks();
        if (ci) {
            assertThat(node).as("node on PATH (CI=true)").isTrue();
            assertThat(installed)
                    .as("npm install in " + NODE_DIR + " (CI=true)")
                    .isTrue();
        }
        Assumptions.assumeTrue(node && installed, "node or " + NODE_DIR + "/node_modules/openai missing");
    }

    private static boolean nodeWorks() {
        try {
            Process p = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private String runNode(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("node", "openai-client.mjs")
                .directory(NODE_DIR.toFile())
                .redirectErrorStream(true);
        pb.environment().put("OPENAI_BASE_URL", baseUrl.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        boolean finished = p.waitFor(60, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            p.destroyForcibly();
        }
        assertThat(finished).as("node finished: " + out).isTrue();
        assertThat(p.exitValue()).as("node output: " + out).isZero();
        return out;
    }
}
