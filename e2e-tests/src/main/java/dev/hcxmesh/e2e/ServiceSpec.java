package dev.hcxmesh.e2e;

import java.nio.file.Path;
import java.util.List;

/**
 * One mesh service as the launcher runs it: its packaged Quarkus app and HTTP port (gRPC shares it).
 *
 * @param name module name, e.g. svc-ingest
 * @param port HTTP + gRPC port
 */
public record ServiceSpec(String name, int port) {

    /** The four services in start order (consumers of a topic before its producers is not required). */
    public static List<ServiceSpec> mesh(int basePort) {
        return List.of(
                new ServiceSpec("svc-ingest", basePort + 1),
                new ServiceSpec("svc-vision-encoder", basePort + 2),
                new ServiceSpec("svc-ocr-lens", basePort + 3),
                new ServiceSpec("svc-decoder", basePort + 4));
    }

    public Path jar(Path repoRoot) {
        return repoRoot.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }
}
