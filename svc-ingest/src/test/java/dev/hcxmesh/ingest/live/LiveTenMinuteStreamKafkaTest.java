package dev.hcxmesh.ingest.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.api.v1.IngestServiceGrpc;
import dev.hcxmesh.api.v1.MediaKind;
import dev.hcxmesh.api.v1.MediaSource;
import dev.hcxmesh.api.v1.SubmitRequest;
import dev.hcxmesh.api.v1.Task;
import dev.hcxmesh.broker.KafkaTestResource;
import dev.hcxmesh.broker.TinyModelTestResource;
import dev.hcxmesh.broker.TopicProbe;
import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.ingest.video.TestClips;
import dev.hcxmesh.ingest.video.TestClips.Motion;
import dev.hcxmesh.ingest.video.TestClips.Segment;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A 10-minute generated clip streamed as live over the real broker, on a fast clock: chunk jobs are
 * published in order and the heap stays bounded (the hand-off queue holds at most two chunks).
 */
@QuarkusTest
@TestProfile(LiveTenMinuteStreamKafkaTest.LongStream.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TinyModelTestResource.class, restrictToAnnotatedClass = true)
class LiveTenMinuteStreamKafkaTest {

    public static class LongStream implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "hcx.ingest.live.allow-files", "true",
                    "hcx.ingest.live.chunk-length", "10s",
                    "hcx.ingest.live.frames-per-chunk", "1",
                    "hcx.ingest.live.playback-speed", "200",
                    "hcx.ingest.live.queue-capacity", "2",
                    "hcx.ingest.live.back-pressure", "DROP_OLDEST",
                    "hcx.ingest.live.max-streams", "1");
        }
    }

    @TestHTTPResource
    URL url;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void tenMinutesAsLiveEmitOrderedChunksWithBoundedMemory() throws Exception {
        var clip = Files.createTempFile("live-10min-", ".mp4");
        try {
            // 600 s at 5 fps, 64x48, a cut every 2.5 minutes
            var segments = new ArrayList<Segment>();
            for (int s = 0; s < 4; s++) {
                segments.add(new Segment(750, 40 + 50 * s, Motion.MOVING));
            }
            TestClips.write(clip, 64, 48, 5, segments);
            var channel = ManagedChannelBuilder.forAddress("127.0.0.1", url.getPort())
                    .usePlaintext()
                    .build();
            String job;
            try {
                job = IngestServiceGrpc.newBlockingStub(channel)
                        .submit(SubmitRequest.newBuilder()
                                .setMedia(MediaSource.newBuilder()
                                        .setUrl(clip.toUri().toString())
                                        .setKind(MediaKind.LIVE_STREAM))
                                .setTask(Task.newBuilder().setPrompt("Tag this clip"))
                                .build())
                        .getJobId();
            } finally {
                channel.shutdownNow();
            }
            var memory = ManagementFactory.getMemoryMXBean();
            long peakHeap = 0;
            long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            boolean done = false;
            while (!done && System.nanoTime() < end) {
                peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
                done = !TopicProbe.readUntil(
                                bootstrap,
                                List.of(Topics.RESULTS.name()),
                                seen -> seen.stream().anyMatch(r -> job.equals(r.key())),
                                Duration.ofSeconds(2))
                        .stream()
                        .filter(r -> job.equals(r.key()))
                        .toList()
                        .isEmpty();
            }
            assertThat(done).as("the stream job ended with a result").isTrue();
            var manifests = TopicProbe.readUntil(
                            bootstrap, List.of(Topics.MANIFESTS.name()), seen -> false, Duration.ofSeconds(5))
                    .stream()
                    .filter(r -> r.key() != null && r.key().startsWith(job + "/"))
                    .sorted(java.util.Comparator.comparingLong(
                            r -> Topics.MANIFESTS.parse(r.value()).getMeta().getChunkIndex()))
                    .toList();
            // 60 chunks of 10 s (plus cut-split ones), minus any the DROP_OLDEST policy shed
            assertThat(manifests.size()).isBetween(20, 70);
            long lastStart = -1;
            long lastTimestamp = Long.MIN_VALUE;
            for (var record : manifests) { // chunk order is publication order and media-time order
                var meta = Topics.MANIFESTS.parse(record.value()).getMeta();
                assertThat(record.timestamp()).isGreaterThanOrEqualTo(lastTimestamp);
                assertThat(meta.getChunkStartMs()).isGreaterThan(lastStart);
                lastTimestamp = record.timestamp();
                lastStart = meta.getChunkStartMs();
            }
            assertThat(lastStart).isGreaterThan(500_000); // the stream really ran to its tenth minute
            assertThat(peakHeap).as("peak heap while streaming").isLessThan(1536L << 20);
        } finally {
            Files.deleteIfExists(clip);
        }
    }
}
