package dev.hcxmesh.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real Apache Kafka broker (KRaft, no ZooKeeper, no Docker) running inside this JVM. Tests use it
 * through {@link KafkaTestResource}; the local launcher runs {@link KafkaBrokerMain} as a child
 * process instead.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final BrokerConfig config;
    private final boolean deleteOnClose;
    private KafkaRaftServer server;

    private EmbeddedKafka(BrokerConfig config, boolean deleteOnClose) {
        this.config = config;
        this.deleteOnClose = deleteOnClose;
    }

    /** Starts a broker on free loopback ports with a fresh temporary log dir, and creates the mesh topics. */
    public static EmbeddedKafka start() {
        try {
            Path dir = Files.createTempDirectory("hcx-kafka-");
            EmbeddedKafka kafka = new EmbeddedKafka(new BrokerConfig(freePort(), freePort(), dir), true);
            kafka.startServer();
            TopicAdmin.createMeshTopics(kafka.bootstrapServers());
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a broker with the given config (formatting the log dir when it is new). */
    public static EmbeddedKafka start(BrokerConfig config) {
        EmbeddedKafka kafka = new EmbeddedKafka(config, false);
        kafka.startServer();
        return kafka;
    }

    private void startServer() {
        BrokerLogging.infoUnlessConfigured();
        try {
            Files.createDirectories(config.logDir());
            Path props = config.logDir().resolveSibling(config.logDir().getFileName() + ".properties");
            try (var out = Files.newOutputStream(props)) {
                config.toProperties().store(out, "hcx-mesh embedded KRaft broker");
            }
            if (!Files.exists(config.logDir().resolve("meta.properties"))) {
                format(props); // a log dir from an earlier run keeps its cluster id and data
            }
            server = new KafkaRaftServer(new KafkaConfig(config.toProperties()), Time.SYSTEM);
            server.startup();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Formats the log dir for KRaft; a no-op when it is already formatted. */
    static void format(Path propertiesFile) {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        kafka.tools.StorageTool.execute(
                new String[] {
                    "format", "-t", Uuid.randomUuid().toString(), "-c", propertiesFile.toString(), "--ignore-formatted"
                },
                quiet);
    }

    /**
     * Stops the broker as a crash would leave it to its clients (they lose their connections) and
     * starts it again on the same ports and log dir; committed data and offsets survive.
     */
    public void restart() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
        startServer();
    }

    public String bootstrapServers() {
        return config.bootstrapServers();
    }

    public BrokerConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
        if (deleteOnClose) {
            deleteTree(config.logDir());
            deleteTree(config.logDir().resolveSibling(config.logDir().getFileName() + ".properties"));
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp dir left behind is harmless
        }
    }
}
