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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A burst larger than the encoder can absorb: the slow stage shows as consumer lag on hcx.tiles,
 * while its in-memory queue never exceeds its bound (the Kafka consumer is held back instead), and
 * every request still completes.
 */
@ExtendWith(SharedMesh.class)
class SlowStageIT {
    static final int BURST = 24;
    static final int QUEUE_BOUND = 64; // hcx.encoder.queue-capacity default

    @Test
    void burstShowsAsLagNotAsAnUnboundedQueue() throws Exception {
        var mesh = SharedMesh.mesh();
        var stub = IngestServiceGrpc.newBlockingStub(mesh.client.channel());
        byte[] image = SampleMedia.chartPng();
        String run = Long.toString(System.nanoTime());
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            jobs.add(stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                    .submit(SubmitRequest.newBuilder()
                            .setMedia(MediaSource.newBuilder()
                                    .setInlineBytes(ByteString.copyFrom(image))
                                    .setMimeType("image/png")
                                    .setKind(MediaKind.IMAGE))
                            .setTask(Task.newBuilder()
                                    .setPrompt("Describe")
                                    .setDisableEnrichment(true)
                                    .setSampling(SamplingParams.newBuilder().setMaxTokens(4)))
                            .setIdempotencyKey("slow-" + run + "-" + i)
                            .build())
                    .getJobId());
        }
        var encoder = mesh.spec("svc-vision-encoder");
        var http = HttpClient.newHttpClient();
        var maxLag = new java.util.concurrent.atomic.AtomicLong();
        var maxQueue = new java.util.concurrent.atomic.AtomicLong();
        var watching = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread watcher = Thread.ofVirtual().start(() -> {
            try (var admin = org.apache.kafka.clients.admin.Admin.create(
                    java.util.Map.of("bootstrap.servers", mesh.bootstrap()))) {
                while (watching.get()) {
                    maxLag.accumulateAndGet(groupLag(admin, "hcx-vision-encoder", Topics.TILES.name()), Math::max);
                    String metrics = http.send(
                                    HttpRequest.newBuilder(URI.create(encoder.baseUrl() + "/q/metrics"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
                    metrics.lines()
                            .filter(l -> l.startsWith("hcx_encoder_queue_tiles"))
                            .forEach(l -> maxQueue.accumulateAndGet((long) value(l), Math::max));
                    Thread.sleep(200);
                }
            } catch (Exception e) {
                // the watcher ends with the test
            }
        });
        var results = TopicProbe.readUntil(
                mesh.bootstrap(),
                List.of(Topics.RESULTS.name()),
                seen -> seen.stream()
                        .map(r -> r.key())
                        .collect(java.util.stream.Collectors.toSet())
                        .containsAll(jobs),
                Duration.ofSeconds(150));
        watching.set(false);
        watcher.join();
        var done = new HashSet<String>();
        results.stream().map(r -> r.key()).filter(jobs::contains).forEach(done::add);
        System.out.printf(
                "[slow-stage] max lag on hcx.tiles %d records, max encoder queue %d tiles%n",
                maxLag.get(), maxQueue.get());
        assertThat(done).as("every request of the burst completes").hasSize(BURST);
        assertThat(maxQueue.get()).as("encoder queue stays within its bound").isLessThanOrEqualTo((long) QUEUE_BOUND);
        assertThat(maxLag.get())
                .as("the backlog waits on the broker, as consumer lag")
                .isGreaterThan(0L);
    }

    /** End offsets minus the group's committed offsets on {@code topic}: what KEDA scales on. */
    static long groupLag(org.apache.kafka.clients.admin.Admin admin, String group, String topic) throws Exception {
        var committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        var request = new java.util.HashMap<
                org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec>();
        committed.keySet().stream()
                .filter(tp -> tp.topic().equals(topic))
                .forEach(tp -> request.put(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()));
        long lag = 0;
        for (var e : admin.listOffsets(request).all().get().entrySet()) {
            var c = committed.get(e.getKey());
            lag += e.getValue().offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }

    private static double value(String line) {
        String v = line.substring(line.lastIndexOf(' ') + 1);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
