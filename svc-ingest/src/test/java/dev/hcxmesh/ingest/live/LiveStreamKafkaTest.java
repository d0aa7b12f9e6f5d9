package dev.hcxmesh.ingest.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.api.v1.IngestServiceGrpc;
import dev.hcxmesh.api.v1.JobResult;
import dev.hcxmesh.api.v1.MediaKind;
import dev.hcxmesh.api.v1.MediaSource;
import dev.hcxmesh.api.v1.SubmitRequest;
import dev.hcxmesh.api.v1.Task;
import dev.hcxmesh.broker.KafkaTestResource;
import dev.hcxmesh.broker.TinyModelTestResource;
import dev.hcxmesh.broker.TopicProbe;
import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.events.v1.Manifest;
import dev.hcxmesh.ingest.video.TestClips;
import dev.hcxmesh.ingest.video.TestClips.Motion;
import dev.hcxmesh.ingest.video.TestClips.Segment;
import dev.hcxmesh.model.tokens.VisualTokens;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A 20 s clip with two hard cuts, played as live from a {@code file:} URL at 10× speed with 2 s
 * chunks: every chunk becomes its own job on the real broker, and the stream job gets a final result.
 */
@QuarkusTest
@TestProfile(LiveStreamKafkaTest.FilesAsLive.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TinyModelTestResource.class, restrictToAnnotatedClass = true)
class LiveStreamKafkaTest {

    public static class FilesAsLive implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "hcx.ingest.live.allow-files", "true",
                    "hcx.ingest.live.chunk-length", "2s",
                    "hcx.ingest.live.frames-per-chunk", "4",
                    "hcx.ingest.live.playback-speed", "10",
                    "hcx.ingest.live.dedup-max-hamming", "-1",
                    "hcx.ingest.live.queue-capacity", "64",
                    "hcx.ingest.live.max-streams", "1");
        }
    }

    @TestHTTPResource
    URL url;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void fileAsLiveBecomesOrderedChunkJobsAndAFinalStreamResult() throws Exception {
        Path clip = Files.createTempFile("live-", ".mp4");
        try {
            // 20 s at 10 fps, cuts at 7 s and 14 s
            TestClips.write(
                    clip,
                    96,
                    64,
                    10,
                    List.of(
                            new Segment(70, 30, Motion.MOVING),
                            new Segment(70, 220, Motion.MOVING),
                            new Segment(60, 110, Motion.MOVING)));
            String job = submit(clip.toUri().toString(), "live-1");

            // the only stream slot is taken: a second stream is refused while the first runs
            TopicProbe.readUntil(
                    bootstrap,
                    List.of(Topics.PROGRESS.name()),
                    seen -> seen.stream().anyMatch(r -> job.equals(r.key())),
                    Duration.ofSeconds(15));
            String second = submit(clip.toUri().toString(), "");
            var refused = resultOf(second);
            assertThat(refused.getFinishReason()).isEqualTo("error");
            assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.QUEUE_FULL);

            var records = TopicProbe.readUntil(
                    bootstrap,
                    List.of(Topics.MANIFESTS.name(), Topics.TILES.name(), Topics.RESULTS.name()),
                    seen -> seen.stream()
                            .anyMatch(r -> job.equals(r.key()) && r.topic().equals(Topics.RESULTS.name())),
                    Duration.ofSeconds(25));

            var result = records.stream()
                    .filter(r -> job.equals(r.key()) && r.topic().equals(Topics.RESULTS.name()))
                    .map(r -> Topics.RESULTS.parse(r.value()).getResult())
                    .findFirst()
                    .orElseThrow();
            assertThat(result.getFinishReason()).isEqualTo("stop");

            List<ConsumerRecord<String, byte[]>> manifests = records.stream()
                    .filter(r ->
                            r.topic().equals(Topics.MANIFESTS.name()) && r.key().startsWith(job + "/"))
                    .sorted(Comparator.comparingLong(r -> index(r.key())))
                    .toList();
            // 20 s in 2 s chunks is 10; the two cuts split two more
            assertThat(manifests).hasSizeGreaterThanOrEqualTo(10);
            assertThat(result.getText()).contains(manifests.size() + " chunk(s) published");
            long lastStart = -1;
            long lastTimestamp = Long.MIN_VALUE;
            for (int i = 0; i < manifests.size(); i++) {
                var record = manifests.get(i);
                assertThat(record.key()).isEqualTo(job + "/" + i);
                assertThat(record.timestamp()).isGreaterThanOrEqualTo(lastTimestamp); // published in order
                lastTimestamp = record.timestamp();
                Manifest manifest = Topics.MANIFESTS.parse(record.value());
                var meta = manifest.getMeta();
                assertThat(meta.getRequestId()).isEqualTo(job + "/" + i);
                assertThat(meta.getStreamId()).isEqualTo(job);
                assertThat(meta.getChunkIndex()).isEqualTo(i);
                assertThat(meta.getIdempotencyKey()).isEqualTo("live-1/" + i);
                assertThat(meta.getChunkStartMs()).isGreaterThan(lastStart);
                assertThat(meta.getChunkEndMs()).isGreaterThan(meta.getChunkStartMs());
                lastStart = meta.getChunkStartMs();

                var geometry = manifest.getItems(0).getGeometry();
                assertThat(geometry.getKind()).isEqualTo(MediaKind.VIDEO);
                var plan = VisualTokens.video(geometry.getFrameCount(), 81, 9);
                assertThat(geometry.getVisualTokens()).isEqualTo(plan.tokens());
                int tiles = records.stream()
                        .filter(r ->
                                r.topic().equals(Topics.TILES.name()) && r.key().equals(record.key()))
                        .mapToInt(r -> Topics.TILES.parse(r.value()).getTilesCount())
                        .sum();
                assertThat(tiles).isEqualTo(plan.grids()).isEqualTo(geometry.getTileCount());
            }
            // chunks closed at the cuts (7 s, 14 s): some chunk ends there
            assertThat(manifests.stream()
                            .map(r ->
                                    Topics.MANIFESTS.parse(r.value()).getMeta().getChunkEndMs()))
                    .anyMatch(end -> Math.abs(end - 7000) <= 200)
                    .anyMatch(end -> Math.abs(end - 14000) <= 200);
        } finally {
            Files.deleteIfExists(clip);
        }
    }

    @Test
    void undecodableStreamGetsATypedErrorResultAndADeadLetter() throws Exception {
        Path junk = Files.createTempFile("live-junk-", ".mp4");
        try {
            Files.write(junk, new byte[4096]);
            String job = submit(junk.toUri().toString(), "");
            var result = resultOf(job);
            assertThat(result.getFinishReason()).isEqualTo("error");
            assertThat(result.getError().getCode()).isIn(ErrorCode.MEDIA_UNDECODABLE, ErrorCode.MEDIA_UNSUPPORTED);
            var letters = TopicProbe.readUntil(
                    bootstrap,
                    List.of(Topics.DEAD_LETTER.name()),
                    seen -> seen.stream().anyMatch(r -> job.equals(r.key())),
                    Duration.ofSeconds(15));
            var letter = letters.stream()
                    .filter(r -> job.equals(r.key()))
                    .map(r -> Topics.DEAD_LETTER.parse(r.value()))
                    .findFirst()
                    .orElseThrow();
            assertThat(letter.getStage()).isEqualTo("ingest");
            assertThat(Topics.MEDIA_REQUESTS
                            .parse(letter.getPayload().toByteArray())
                            .getMedia()
                            .getUrl())
                    .isEqualTo(junk.toUri().toString());
        } finally {
            Files.deleteIfExists(junk);
        }
    }

    private String submit(String mediaUrl, String idempotencyKey) {
        var channel = ManagedChannelBuilder.forAddress("127.0.0.1", url.getPort())
                .usePlaintext()
                .build();
        try {
            return IngestServiceGrpc.newBlockingStub(channel)
                    .submit(SubmitRequest.newBuilder()
                            .setMedia(MediaSource.newBuilder().setUrl(mediaUrl).setKind(MediaKind.LIVE_STREAM))
                            .setTask(Task.newBuilder().setPrompt("What happens?"))
                            .setIdempotencyKey(idempotencyKey)
                            .build())
                    .getJobId();
        } finally {
            channel.shutdownNow();
        }
    }

    private JobResult resultOf(String job) {
        return TopicProbe.readUntil(
                        bootstrap,
                        List.of(Topics.RESULTS.name()),
                        seen -> seen.stream().anyMatch(r -> job.equals(r.key())),
                        Duration.ofSeconds(20))
                .stream()
                .filter(r -> job.equals(r.key()))
                .map(r -> Topics.RESULTS.parse(r.value()).getResult())
                .findFirst()
                .orElseThrow();
    }

    private static long index(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf('/') + 1));
    }
}
