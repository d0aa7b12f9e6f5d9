package dev.hcxmesh.broker;

import java.nio.file.Path;

/**
 * Runs the broker as its own process for the local mesh: {@code KafkaBrokerMain <port> <controllerPort>
 * <logDir>}. Prints {@code KAFKA READY <bootstrap>} once the mesh topics exist; stops cleanly on
 * SIGTERM/Ctrl-C.
 */
public final class KafkaBrokerMain {
    private KafkaBrokerMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: KafkaBrokerMain <brokerPort> <controllerPort> <logDir>");
            System.exit(2);
        }
        var config = new BrokerConfig(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Path.of(args[2]));
        EmbeddedKafka kafka = EmbeddedKafka.start(config);
        TopicAdmin.createMeshTopics(kafka.bootstrapServers());
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "kafka-shutdown"));
        System.out.println("KAFKA READY " + kafka.bootstrapServers());
        System.out.flush();
        Thread.currentThread().join();
    }
}
