package dev.hcxmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcxmesh.api.v1.MediaKind;
import dev.hcxmesh.broker.EmbeddedKafka;
import dev.hcxmesh.broker.TopicProbe;
import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.model.tokens.VisualTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole mesh on a real broker: the four packaged services as processes, a tiny random
 * checkpoint, OTLP traces to a loopback receiver. Proves a gRPC request reaches every stage over
 * real topics in order, poison records land in the dead-letter topic with their cause, and one trace
 * id spans ingest → encoder → OCR/Lens → decoder.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedMesh.class)
class MeshFlowIT {
    static final Path ROOT = SharedMesh.ROOT;
    static final Path WORK = SharedMesh.WORK;
    static final List<String> SERVICES = List.of("svc-ingest", "svc-vision-encoder", "svc-ocr-lens", "svc-decoder");

    static final List<String> JOB_TOPICS = List.of(
            Topics.MEDIA_REQUESTS.name(),
            Topics.TILES.name(),
            Topics.EMBEDDINGS.name(),
            Topics.FRAMES.name(),
            Topics.ENRICHMENT.name(),
            Topics.RESULTS.name());

    static EmbeddedKafka kafka;
    static OtlpReceiver otlp;
    static MeshClient client;
    static List<ServiceSpec> specs;

    @BeforeAll
    static void useSharedMesh() {
        var mesh = SharedMesh.mesh();
        kafka = mesh.kafka;
        otlp = mesh.otlp;
        client = mesh.client;
        specs = mesh.specs;
    }

    @Test
    @Order(1)
    void imageRequestCrossesEveryStageInOrderUnderOneTrace() {
        var job =
                client.upload(SampleMedia.chartPng(), MediaKind.IMAGE, "image/png", "chart.png", "Describe", "it-img");
        var result = client.await(job.getJobId(), p -> {}, 300);

        assertThat(result.getError().getMessage()).isEmpty();
        assertThat(result.getFinishReason()).isIn("stop", "length");
        assertThat(result.getRandomWeights()).isTrue();
        assertThat(result.getVisualTokens()).isEqualTo(VisualTokens.imageTokens(960, 540));

        var byTopic = recordsOf(job.getJobId());
        long requested = firstTimestamp(byTopic, Topics.MEDIA_REQUESTS.name());
        long tiles = firstTimestamp(byTopic, Topics.TILES.name());
        long embeddings = firstTimestamp(byTopic, Topics.EMBEDDINGS.name());
        long frames = firstTimestamp(byTopic, Topics.FRAMES.name());
        long enrichment = firstTimestamp(byTopic, Topics.ENRICHMENT.name());
        long results = firstTimestamp(byTopic, Topics.RESULTS.name());
        assertThat(requested).isLessThanOrEqualTo(tiles);
        assertThat(tiles).isLessThanOrEqualTo(embeddings);
        assertThat(frames).isLessThanOrEqualTo(enrichment);
        assertThat(Math.max(embeddings, enrichment)).isLessThanOrEqualTo(results);
        assertThat(byTopic.get(Topics.RESULTS.name())).hasSize(1);

        // one trace id carries spans of all four services
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Set<String>> servicesByTrace = otlp.spans().stream()
                    .collect(Collectors.groupingBy(
                            OtlpReceiver.SpanRecord::traceId,
                            Collectors.mapping(OtlpReceiver.SpanRecord::service, Collectors.toSet())));
            assertThat(servicesByTrace.values()).anySatisfy(s -> assertThat(s).containsAll(SERVICES));
        });
    }

    @Test
    @Order(2)
    void videoRequestGetsTheAccountedTokens() {
        byte[] clip = SampleMedia.clipMp4(WORK.resolve("samples"), 4, 10);
        var job = client.upload(clip, MediaKind.VIDEO, "video/mp4", "clip.mp4", "What happens?", "it-video");
        var result = client.await(job.getJobId(), p -> {}, 300);
        assertThat(result.getError().getMessage()).isEmpty();
        assertThat(result.getVisualTokens()).isEqualTo(VisualTokens.videoTokens(8));
    }

    @Test
    @Order(3)
    void poisonRecordsLandInTheDeadLetterTopicWithTheirCause() {
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0x00, 0x13};
        for (var topic : List.of(Topics.TILES, Topics.FRAMES, Topics.MANIFESTS, Topics.MEDIA_REQUESTS)) {
            TopicProbe.write(kafka.bootstrapServers(), topic.name(), "poison-" + topic.name(), garbage);
        }
        var letters = TopicProbe.readUntil(
                kafka.bootstrapServers(),
                List.of(Topics.DEAD_LETTER.name()),
                seen -> poisonStages(seen).size() >= 4,
                Duration.ofSeconds(60));
        assertThat(poisonStages(letters)).containsExactlyInAnyOrder("vision-encoder", "ocr-lens", "decoder", "ingest");
        letters.stream().map(r -> Topics.DEAD_LETTER.parse(r.value())).forEach(l -> {
            assertThat(l.getError().getMessage()).isNotEmpty();
            assertThat(l.getSourceTopic()).startsWith("hcx.");
        });
    }

    @Test
    @Order(4)
    void everyMetricTheDashboardsAndAlertsReadIsExported() throws Exception {
        var names = java.nio.file.Files.readAllLines(ROOT.resolve("observability/metric-names.txt")).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        var http = java.net.http.HttpClient.newHttpClient();
        Set<String> exported = new java.util.HashSet<>();
        for (var s : specs) {
            String body = http.send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.baseUrl() + "/q/metrics"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body();
            body.lines()
                    .filter(l -> !l.startsWith("#") && !l.isBlank())
                    .map(l -> l.split("[{ ]", 2)[0])
                    .forEach(exported::add);
        }
        assertThat(exported).containsAll(names);
    }

    private static Set<String> poisonStages(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream()
                .map(r -> Topics.DEAD_LETTER.parse(r.value()))
                .filter(l -> l.getSourceKey().toStringUtf8().startsWith("poison-"))
                .map(l -> l.getStage())
                .collect(Collectors.toSet());
    }

    private static Map<String, List<ConsumerRecord<String, byte[]>>> recordsOf(String jobId) {
        List<String> topics = Topics.ALL.stream().map(t -> t.name()).toList();
        var records = TopicProbe.readUntil(
                kafka.bootstrapServers(),
                topics,
                // partitions are fetched independently: wait until the job shows on every topic it crosses
                seen -> seen.stream()
                        .filter(r -> jobId.equals(r.key()))
                        .map(ConsumerRecord::topic)
                        .collect(Collectors.toSet())
                        .containsAll(JOB_TOPICS),
                Duration.ofSeconds(30));
        return records.stream()
                .filter(r -> jobId.equals(r.key()))
                .collect(Collectors.groupingBy(ConsumerRecord::topic));
    }

    private static long firstTimestamp(Map<String, List<ConsumerRecord<String, byte[]>>> byTopic, String topic) {
        var list = byTopic.get(topic);
        assertThat(list).as("records of the job on " + topic).isNotEmpty();
        return list.stream().mapToLong(ConsumerRecord::timestamp).min().orElseThrow();
    }
}
