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
                seen -> seen.stream().anyMatch(r -> r.key().equals(first.getJobId())),
                Duration.ofSeconds(20));
        assertThat(records).filteredOn(r -> r.key().equals(first.getJobId())).hasSize(1);
        var event = Topics.MEDIA_REQUESTS.parse(records.getLast().value());
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

    private static String sourceKey(byte[] value) {
        return Topics.DEAD_LETTER.parse(value).getSourceKey().toStringUtf8();
    }
}
