package dev.hcxmesh.broker;

import java.nio.file.Path;
import java.util.Properties;

/**
 * Settings of a single-node KRaft broker on loopback: one process is both broker and controller.
 *
 * @param brokerPort PLAINTEXT listener port (0 picks a free one)
 * @param controllerPort CONTROLLER listener port (0 picks a free one)
 * @param logDir where the log segments live
 */
public record BrokerConfig(int brokerPort, int controllerPort, Path logDir) {

    /** The server.properties of this broker. */
    public Properties toProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        p.put("num.partitions", "3");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "3");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("min.insync.replicas", "1");
        p.put("default.replication.factor", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        // no log.flush.interval.messages: Kafka's default leaves writing to disk to the OS. A killed
        // broker process loses nothing (the page cache outlives it, and the fault tests kill processes);
        // an fsync per record added about 1 ms to every hop (BrokerLatencyBench, 2-vCPU VM).
        return p;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }
}
