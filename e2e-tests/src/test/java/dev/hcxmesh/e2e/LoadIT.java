package dev.hcxmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.hcxmesh.api.v1.IngestServiceGrpc;
import dev.hcxmesh.api.v1.MediaKind;
import dev.hcxmesh.api.v1.MediaSource;
import dev.hcxmesh.api.v1.SamplingParams;
import dev.hcxmesh.api.v1.SubmitRequest;
import dev.hcxmesh.api.v1.Task;
import dev.hcxmesh.broker.TopicProbe;
import dev.hcxmesh.contracts.Topics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A bounded load run on loopback: {@value #REQUESTS} small images at up to {@value #RATE} req/s,
 * hard wall-clock cap {@value #CAP_SECONDS} s. Reports throughput, end-to-end and per-hop p50/p99
 * from the Kafka record timestamps of every hop (media.requests → tiles → embeddings → results,
 * frames → enrichment) and the engines' own timings, and writes {@code target/load-report.md}.
 * Asserts only that no result is lost or duplicated; latency is reported, never asserted.
 */
@ExtendWith(SharedMesh.class)
class LoadIT {
    static final int REQUESTS = 40;
    static final int RATE = 20;
    static final int CAP_SECONDS = 90;
    static final double HOP_TARGET_MS = 10;

    @Test
    void boundedLoadLosesAndDuplicatesNothing() throws Exception {
        var mesh = SharedMesh.mesh();
        long t0 = System.currentTimeMillis();
        long cap = t0 + CAP_SECONDS * 1000L;
        var stub = IngestServiceGrpc.newBlockingStub(mesh.client.channel());
        Map<String, Long> submitted = new HashMap<>();
        String run = Long.toString(System.nanoTime());
        var rnd = new Random(42);
        for (int i = 0; i < REQUESTS && System.currentTimeMillis() < cap; i++) {
            long due = t0 + i * 1000L / RATE;
            Thread.sleep(Math.max(0, due - System.currentTimeMillis()));
            long sent = System.currentTimeMillis();
            var response = stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                    .submit(SubmitRequest.newBuilder()
                            .setMedia(MediaSource.newBuilder()
                                    .setInlineBytes(ByteString.copyFrom(image(rnd)))
                                    .setMimeType("image/png")
                                    .setKind(MediaKind.IMAGE))
                            .setTask(Task.newBuilder()
                                    .setPrompt("Describe")
                                    .setSampling(SamplingParams.newBuilder().setMaxTokens(8)))
                            .setIdempotencyKey("load-" + run + "-" + i)
                            .build());
            submitted.put(response.getJobId(), sent);
        }
        long submitEnd = System.currentTimeMillis();
        List<String> topics = List.of(
                Topics.MEDIA_REQUESTS.name(),
                Topics.TILES.name(),
                Topics.FRAMES.name(),
                Topics.EMBEDDINGS.name(),
                Topics.ENRICHMENT.name(),
                Topics.RESULTS.name());
        var records = TopicProbe.readUntil(
                mesh.bootstrap(),
                topics,
                seen -> resultKeys(seen, submitted).size() >= submitted.size(),
                Duration.ofMillis(Math.max(1000, cap - System.currentTimeMillis())));
        long done = System.currentTimeMillis();
        Map<String, Map<String, List<ConsumerRecord<String, byte[]>>>> byJob = records.stream()
                .filter(r -> submitted.containsKey(r.key()))
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.groupingBy(ConsumerRecord::topic)));

        var report = new LoadReport(REQUESTS, RATE, CAP_SECONDS, HOP_TARGET_MS);
        int lost = 0;
        int duplicates = 0;
        int errors = 0;
        long lastResult = t0;
        for (var e : submitted.entrySet()) {
            var hops = byJob.getOrDefault(e.getKey(), Map.of());
            var results = hops.getOrDefault(Topics.RESULTS.name(), List.of());
            if (results.isEmpty()) {
                lost++;
                continue;
            }
            duplicates += results.size() - 1;
            var result = Topics.RESULTS.parse(results.getFirst().value()).getResult();
            if (!result.getError().getMessage().isEmpty()) {
                errors++;
            }
            lastResult = Math.max(lastResult, results.getFirst().timestamp());
            report.add(e.getValue(), hops, result);
        }
        String md =
                report.render(submitted.size(), submitEnd - t0, lastResult - t0, done - t0, lost, duplicates, errors);
        Path out = Path.of("target/load-report.md");
        Files.writeString(out, md);
        System.out.println(md);

        assertThat(submitted).as("requests submitted within the cap").hasSize(REQUESTS);
        assertThat(lost).as("results lost").isZero();
        assertThat(duplicates).as("duplicate results").isZero();
    }

    private static java.util.Set<String> resultKeys(List<ConsumerRecord<String, byte[]>> seen, Map<String, Long> jobs) {
        return seen.stream()
                .filter(r -> r.topic().equals(Topics.RESULTS.name()) && jobs.containsKey(r.key()))
                .map(ConsumerRecord::key)
                .collect(Collectors.toSet());
    }

    /** A small distinct image per request (so no two share bytes). */
    private static byte[] image(Random rnd) throws IOException {
        var img = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 240; y += 8) {
            for (int x = 0; x < 320; x += 8) {
                int rgb = rnd.nextInt(0xffffff);
                for (int dy = 0; dy < 8; dy++) {
                    for (int dx = 0; dx < 8; dx++) {
                        img.setRGB(x + dx, y + dy, rgb);
                    }
                }
            }
        }
        var bytes = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bytes);
        return bytes.toByteArray();
    }
}
