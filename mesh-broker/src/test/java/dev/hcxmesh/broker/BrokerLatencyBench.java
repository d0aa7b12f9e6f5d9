package dev.hcxmesh.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The floor under every mesh hop: a bare {@code KafkaProducer} and {@code KafkaConsumer} (no Quarkus,
 * no SmallRye) against the embedded broker, 300 small records 20 ms apart, for several producer
 * settings, after {@code bench.warmup} (default 20,000) records sent as fast as they are acked. Reports
 * send → ack and CreateTime → poll percentiles, the same two measures LoadIT takes inside the services,
 * and writes {@code target/bench/broker-latency.md}. The warm-up matters: with a cold JVM (broker and
 * clients interpreted) every hop costs 2-3x more.
 *
 * <p>Run: {@code scripts/bench.sh mesh-broker dev.hcxmesh.broker.BrokerLatencyBench}
 */
public final class BrokerLatencyBench {
    static final int RECORDS = 300;
    static final int WARMUP = Integer.getInteger("bench.warmup", 20_000);

    public static void main(String[] args) throws Exception {
        StringBuilder sb = new StringBuilder("# Broker latency floor (bare Kafka clients, embedded broker)\n\n");
        sb.append(
                "| acks / compression / linger.ms | send→ack p50 ms | p90 | max | created→poll p50 ms | p90 | max |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
        try (var kafka = EmbeddedKafka.start()) {
            for (String[] cfg :
                    new String[][] {{"all", "lz4", "0"}, {"all", "lz4", "1"}, {"1", "none", "0"}, {"0", "none", "0"}}) {
                sb.append(measure(kafka.bootstrapServers(), cfg[0], cfg[1], cfg[2]));
            }
        }
        sb.append("\nAfter " + WARMUP + " warm-up records. The mesh's producers use acks=all, idempotence, lz4 and"
                + " linger.ms=0 (first row).\n");
        Path out = Path.of("target", "bench", "broker-latency.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, sb.toString());
        System.out.println(sb);
    }

    static String measure(String bootstrap, String acks, String compression, String linger) throws Exception {
        Map<String, Object> producer = Map.of(
                "bootstrap.servers", bootstrap,
                "acks", acks,
                "enable.idempotence", acks.equals("all"),
                "compression.type", compression,
                "linger.ms", linger);
        String group = "latency-" + acks + compression + linger;
        Map<String, Object> consumer = Map.of(
                "bootstrap.servers", bootstrap, "group.id", group, "auto.offset.reset", "latest", "fetch.min.bytes", 1);
        List<Double> acked = new ArrayList<>();
        List<Double> polled = new ArrayList<>();
        try (var p = new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer());
                var c = new KafkaConsumer<>(consumer, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of("hcx.results"));
            while (c.assignment().isEmpty()) {
                c.poll(Duration.ofMillis(100));
            }
            c.assignment().forEach(c::position); // resolve "latest" before the first send
            for (int i = 0; i < WARMUP; i++) { // let the JIT compile the broker's and clients' request paths
                p.send(new ProducerRecord<>("hcx.results", "w" + i, new byte[256]));
                if (i % 100 == 99) {
                    p.flush();
                    c.poll(Duration.ofMillis(1));
                }
            }
            p.flush();
            long drainUntil = System.currentTimeMillis() + 2000;
            while (System.currentTimeMillis() < drainUntil) {
                c.poll(Duration.ofMillis(50));
            }
            for (int i = 0; i < RECORDS; i++) {
                long t0 = System.nanoTime();
                p.send(new ProducerRecord<>("hcx.results", "k" + i, new byte[256]))
                        .get();
                acked.add((System.nanoTime() - t0) / 1e6);
                long seen = -1;
                long giveUp = System.currentTimeMillis() + 5000;
                while (seen < 0 && System.currentTimeMillis() < giveUp) {
                    for (var r : c.poll(Duration.ofMillis(200))) {
                        seen = System.currentTimeMillis() - r.timestamp();
                    }
                }
                if (seen >= 0) {
                    polled.add((double) seen);
                }
                Thread.sleep(20);
            }
        }
        Collections.sort(acked);
        Collections.sort(polled);
        return String.format(
                Locale.ROOT,
                "| %s / %s / %s | %.1f | %.1f | %.1f | %.0f | %.0f | %.0f |%n",
                acks,
                compression,
                linger,
                pct(acked, 0.5),
                pct(acked, 0.9),
                acked.getLast(),
                pct(polled, 0.5),
                pct(polled, 0.9),
                polled.getLast());
    }

    static double pct(List<Double> sorted, double q) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
    }
}
