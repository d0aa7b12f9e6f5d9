package dev.hcxmesh.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.api.v1.IngestServiceGrpc;
import dev.hcxmesh.api.v1.MediaKind;
import dev.hcxmesh.api.v1.MediaSource;
import dev.hcxmesh.api.v1.SubmitRequest;
import dev.hcxmesh.api.v1.Task;
import dev.hcxmesh.broker.KafkaTestResource;
import dev.hcxmesh.broker.TinyModelTestResource;
import dev.hcxmesh.broker.TopicProbe;
import dev.hcxmesh.contracts.Topics;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TinyModelTestResource.class, restrictToAnnotatedClass = true)
class IngestKafkaTest {

    @TestHTTPResource
    URL url;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private IngestServiceGrpc.IngestServiceBlockingStub stub() {
        var channel = ManagedChannelBuilder.forAddress("127.0.0.1", url.getPort())
                .usePlaintext()
                .build();
        return IngestServiceGrpc.newBlockingStub(channel);
    }

    @Test
    void submitIsIdempotentAndReachesTheRequestsTopic() {
        var request = SubmitRequest.newBuilder()
                .setMedia(MediaSource.newBuilder()
                        .setInlineBytes(ByteString.copyFromUtf8("not really an image"))
                        .setKind(MediaKind.IMAGE))
                .setTask(Task.newBuilder().setPrompt("Describe"))
                .setIdempotencyKey("key-1")
                .build();
        var first = stub().submit(request);
        var second = stub().submit(request);
        assertThat(second.getJobId()).isEqualTo(first.getJobId());
        assertThat(second.getDuplicate()).isTrue();

        var records = TopicProbe.readUntil(
                bootstrap,
                List.of(Topics.MEDIA_REQUESTS.name()),
                seen -> seen.stream().anyMatch(r -> first.getJobId().equals(r.key())),
                Duration.ofSeconds(20));
        var mine =
                records.stream().filter(r -> first.getJobId().equals(r.key())).toList();
        assertThat(mine).hasSize(1);
        var event = Topics.MEDIA_REQUESTS.parse(mine.getFirst().value());
        assertThat(event.getMeta().getRequestId()).isEqualTo(first.getJobId());
        assertThat(event.getTask().getPrompt()).isEqualTo("Describe");
    }

    @Test
    void malformedRequestLandsInDeadLetterWithItsCause() {
        TopicProbe.write(bootstrap, Topics.MEDIA_REQUESTS.name(), "poison", new byte[] {(byte) 0xff, 0x01, 0x02});
        var letters = TopicProbe.readUntil(
                bootstrap,
                List.of(Topics.DEAD_LETTER.name()),
                seen -> seen.stream().anyMatch(r -> "poison".equals(sourceKey(r.value()))),
                Duration.ofSeconds(30));
        var letter = letters.stream()
                .map(r -> Topics.DEAD_LETTER.parse(r.value()))
                .filter(l -> l.getSourceKey().toStringUtf8().equals("poison"))
                .findFirst()
                .orElseThrow();
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.MEDIA_REQUESTS.name());
        assertThat(letter.getError().getCode()).isEqualTo(ErrorCode.MESSAGE_MALFORMED);
        assertThat(letter.getPayload().toByteArray()).containsExactly((byte) 0xff, 0x01, 0x02);
        assertThat(letter.getStage()).isEqualTo("ingest");
    }

    @Test
    void imageFansOutToTilesFramesAndAManifestWithTheAccountedTokens() throws Exception {
        var img = new java.awt.image.BufferedImage(640, 480, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        var job = stub().submit(SubmitRequest.newBuilder()
                .setMedia(MediaSource.newBuilder()
                        .setInlineBytes(ByteString.copyFrom(out.toByteArray()))
                        .setMimeType("image/png")
                        .setKind(MediaKind.IMAGE))
                .setTask(Task.newBuilder().setPrompt("Describe"))
                .build());
        var records = TopicProbe.readUntil(
                bootstrap,
                List.of(Topics.TILES.name(), Topics.FRAMES.name(), Topics.MANIFESTS.name()),
                // partitions are fetched independently: wait for the job on all three topics, all tiles in
                seen -> seen.stream()
                                        .filter(r -> r.key().equals(job.getJobId()))
                                        .map(r -> r.topic())
                                        .distinct()
                                        .count()
                                == 3
                        && seen.stream()
                                        .filter(r -> r.key().equals(job.getJobId())
                                                && r.topic().equals(Topics.TILES.name()))
                                        .mapToInt(r ->
                                                Topics.TILES.parse(r.value()).getTilesCount())
                                        .sum()
                                >= 5,
                Duration.ofSeconds(60));
        var mine = records.stream().filter(r -> r.key().equals(job.getJobId())).toList();
        int tiles = mine.stream()
                .filter(r -> r.topic().equals(Topics.TILES.name()))
                .mapToInt(r -> Topics.TILES.parse(r.value()).getTilesCount())
                .sum();
        var manifest = Topics.MANIFESTS.parse(mine.stream()
                .filter(r -> r.topic().equals(Topics.MANIFESTS.name()))
                .findFirst()
                .orElseThrow()
                .value());
        assertThat(tiles).isEqualTo(5); // global view + 2x2 grid (spec: 640x480 -> [756,756])
        assertThat(manifest.getItems(0).getGeometry().getVisualTokens()).isEqualTo(347);
        assertThat(mine).anyMatch(r -> r.topic().equals(Topics.FRAMES.name()));
    }

    @Test
    void undecodableImageGetsATypedErrorResultAndADeadLetter() {
        var job = stub().submit(SubmitRequest.newBuilder()
                .setMedia(MediaSource.newBuilder()
                        .setInlineBytes(ByteString.copyFromUtf8("GIF89a but not really"))
                        .setKind(MediaKind.IMAGE))
                .setTask(Task.newBuilder().setPrompt("Describe"))
                .build());
        var records = TopicProbe.readUntil(
                bootstrap,
                List.of(Topics.RESULTS.name(), Topics.DEAD_LETTER.name()),
                seen -> seen.stream()
                                .filter(r -> job.getJobId().equals(r.key()))
                                .count()
                        >= 2,
                Duration.ofSeconds(30));
        var result = records.stream()
                .filter(r -> job.getJobId().equals(r.key()) && r.topic().equals(Topics.RESULTS.name()))
                .map(r -> Topics.RESULTS.parse(r.value()).getResult())
                .findFirst()
                .orElseThrow();
        assertThat(result.getFinishReason()).isEqualTo("error");
        assertThat(result.getError().getCode()).isIn(ErrorCode.MEDIA_UNDECODABLE, ErrorCode.MEDIA_UNSUPPORTED);
        assertThat(records)
                .anyMatch(r -> job.getJobId().equals(r.key()) && r.topic().equals(Topics.DEAD_LETTER.name()));
    }

    @Test
    void urlToALoopbackServerIsRefusedByDefault() throws Exception {
        try (var server = LoopbackMedia.serve()) {
            var job = stub().submit(SubmitRequest.newBuilder()
                    .setMedia(MediaSource.newBuilder().setUrl(server.url()).setKind(MediaKind.IMAGE))
                    .setTask(Task.newBuilder().setPrompt("Describe"))
                    .build());
            var result = LoopbackMedia.resultOf(bootstrap, job.getJobId());
            assertThat(result.getError().getCode()).isEqualTo(ErrorCode.URL_REFUSED);
            assertThat(server.hits()).isZero();
        }
    }

    private static String sourceKey(byte[] value) {
        return Topics.DEAD_LETTER.parse(value).getSourceKey().toStringUtf8();
    }
}
