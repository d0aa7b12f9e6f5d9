package dev.hcxmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hcxmesh.model.tokens.VisualTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A foreign gRPC client no one here wrote: Node's {@code @grpc/grpc-js} with {@code
 * @grpc/proto-loader} loads {@code api.proto} at run time, calls {@code IngestService.Submit} with an
 * inline image and {@code Watch}es the job to its result (src/test/node/grpc-client.mjs). Skipped
 * without node (or without node_modules when npm cannot install them) unless CI=true.
 */
@ExtendWith(SharedMesh.class)
class NodeGrpcClientIT {
    static final Path NODE_DIR = Path.of("src/test/node").toAbsolutePath();
    static final Path PROTO_ROOT = SharedMesh.ROOT.resolve("proto/src/main/proto");

    @TempDir
    Path tmp;

    @Test
    void nodeClientSubmitsAndWatchesToTheResult() throws Exception {
        ForeignClients.requireTool("node");
        ensureNodeModules();
        Path image = tmp.resolve("chart.png");
        Files.write(image, SampleMedia.chartPng());
        String key = "node-" + System.nanoTime();
        var run = ForeignClients.run(
                List.of(
                        "node",
                        "grpc-client.mjs",
                        "127.0.0.1:" + SharedMesh.mesh().spec("svc-ingest").port(),
                        PROTO_ROOT.toString(),
                        image.toString(),
                        "image/png",
                        "Describe",
                        key),
                NODE_DIR,
                300);
        String out = run.out().strip();
        assertThat(run.exit()).as("node client: " + out + " " + run.stderr()).isZero();
        JsonNode json =
                new ObjectMapper().readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
        assertThat(json.path("ok").asBoolean()).as(out).isTrue();
        JsonNode result = json.path("result");
        assertThat(result.path("job_id").asText()).isEqualTo(json.path("job_id").asText());
        assertThat(result.path("error").path("message").asText()).isEmpty();
        assertThat(result.path("finish_reason").asText()).isIn("stop", "length");
        assertThat(result.path("visual_tokens").asInt()).isEqualTo(VisualTokens.imageTokens(960, 540));
        assertThat(result.path("random_weights").asBoolean()).isTrue();
    }

    /** Installs the client's packages when missing (npm registry reachable in CI). */
    static void ensureNodeModules() {
        if (Files.isDirectory(NODE_DIR.resolve("node_modules/@grpc/grpc-js"))) {
            return;
        }
        boolean npm = ForeignClients.onPath("npm");
        if (npm) {
            var install = ForeignClients.run(List.of("npm", "install", "--no-audit", "--no-fund"), NODE_DIR, 300);
            if (ForeignClients.ci()) {
                assertThat(install.exit())
                        .as("npm install: " + install.stderr())
                        .isZero();
            }
        }
        boolean present = Files.isDirectory(NODE_DIR.resolve("node_modules/@grpc/grpc-js"));
        if (ForeignClients.ci()) {
            assertThat(present).as("node_modules installed (CI=true)").isTrue();
        }
        Assumptions.assumeTrue(present, "node_modules missing and npm install failed");
    }
}
