package dev.hcxmesh.e2e;

import dev.hcxmesh.broker.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One mesh (in-JVM KRaft broker + the four packaged services, tiny random checkpoint) shared by every
 * IT class that uses {@code @ExtendWith(SharedMesh.class)}: started by the first class, stopped when
 * the test run ends (root store), so the flow, foreign-client, flow and load tests pay one start-up.
 * Services export traces to a loopback OTLP receiver.
 */
public final class SharedMesh implements BeforeAllCallback {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path WORK = Path.of("target/shared-mesh").toAbsolutePath();

    private static Mesh mesh;
    private static RuntimeException failure;

    /** The running mesh; valid inside classes extended with this extension. */
    public static Mesh mesh() {
        if (mesh == null) {
            throw new IllegalStateException("no shared mesh: annotate the class with @ExtendWith(SharedMesh.class)");
        }
        return mesh;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(SharedMesh.class, k -> mesh = Mesh.start(), Mesh.class);
    }

    /** The running mesh: broker, service processes, a gRPC client of svc-ingest. */
    public static final class Mesh implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        public final EmbeddedKafka kafka;
        public final MeshProcesses processes;
        public final List<ServiceSpec> specs;
        public final MeshClient client;
        public final OtlpReceiver otlp;
        public final Map<String, String> config;
        public final Duration startup;
        private boolean closed;

        private Mesh(
                EmbeddedKafka kafka,
                MeshProcesses processes,
                List<ServiceSpec> specs,
                MeshClient client,
                OtlpReceiver otlp,
                Map<String, String> config,
                Duration startup) {
            this.kafka = kafka;
            this.otlp = otlp;
            this.processes = processes;
            this.specs = specs;
            this.client = client;
            this.config = config;
            this.startup = startup;
        }

        static Mesh start() {
            if (failure != null) {
                throw new IllegalStateException(
                        "shared mesh failed to start earlier: " + failure.getMessage(), failure);
            }
            long t0 = System.nanoTime();
            var kafka = EmbeddedKafka.start();
            var otlp = new OtlpReceiver();
            var processes = new MeshProcesses(ROOT, WORK.resolve("logs"));
            try {
                return start(t0, kafka, otlp, processes);
            } catch (RuntimeException e) {
                failure = e;
                processes.close();
                otlp.close();
                kafka.close();
                throw e;
            }
        }

        private static Mesh start(long t0, EmbeddedKafka kafka, OtlpReceiver otlp, MeshProcesses processes) {
            Path model = WORK.resolve("tiny-model");
            ModelSupport.ensureTiny(model);
            var specs = ServiceSpec.mesh(freeBase());
            Map<String, String> config = new HashMap<>();
            config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
            config.put("hcx.model.path", model.toString());
            config.put("hcx.ingest.blob-dir", WORK.resolve("blobs").toString());
            config.put("hcx.ingest.video.frames", "8");
            if (liveIntake()) {
                // live intake (svc-ingest LIVE_STREAM): local clips played as live, 2 s chunks, real time
                config.put("hcx.ingest.live.allow-files", "true");
                config.put("hcx.ingest.live.chunk-length", "2s");
                config.put("hcx.ingest.live.playback-speed", "1");
            }
            config.put("quarkus.otel.sdk.disabled", "false");
            config.put("quarkus.otel.exporter.otlp.traces.endpoint", otlp.endpoint());
            specs.forEach(s -> processes.start(s, config, "768m"));
            specs.forEach(s -> processes.awaitReady(s, Duration.ofSeconds(180)));
            var client = new MeshClient("127.0.0.1", specs.getFirst().port());
            var startup = Duration.ofNanos(System.nanoTime() - t0);
            System.out.println("shared mesh up in " + startup.toMillis() + " ms on " + kafka.bootstrapServers());
            return new Mesh(kafka, processes, specs, client, otlp, Map.copyOf(config), startup);
        }

        /** Whether this checkout's svc-ingest has the live intake (its config keys fail validation otherwise). */
        public static boolean liveIntake() {
            return java.nio.file.Files.isDirectory(ROOT.resolve("svc-ingest/src/main/java/dev/hcxmesh/ingest/live"));
        }

        public String bootstrap() {
            return kafka.bootstrapServers();
        }

        public ServiceSpec spec(String name) {
            return specs.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        }

        public Path logs() {
            return WORK.resolve("logs");
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            client.close();
            processes.close();
            otlp.close();
            kafka.close();
        }

        /**
         * A base for the four service ports in 20000-31990, below Linux's ephemeral range (32768 up):
         * a port there can be taken by any outgoing connection (the services' Kafka clients open
         * several while they start) between this pick and the service's bind, which once failed a CI
         * run with "port in use".
         */
        private static int freeBase() {
            try (var s = new java.net.ServerSocket(0)) {
                return 20000 + (s.getLocalPort() % 12000) / 10 * 10;
            } catch (java.io.IOException e) {
                return 29080;
            }
        }
    }
}
