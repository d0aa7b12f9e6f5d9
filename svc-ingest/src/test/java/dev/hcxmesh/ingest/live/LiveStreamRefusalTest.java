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
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Default profile: {@code file:} live URLs are refused, and so is a loopback RTSP server (SSRF guard). */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TinyModelTestResource.class, restrictToAnnotatedClass = true)
class LiveStreamRefusalTest {

    @TestHTTPResource
    URL url;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void fileUrlIsRefusedWhenFilesAreNotAllowed() throws Exception {
        var file = Files.createTempFile("live-", ".mp4");
        try {
            var result = submitAndAwait(file.toUri().toString());
            assertThat(result.getFinishReason()).isEqualTo("error");
            assertThat(result.getError().getCode()).isEqualTo(ErrorCode.URL_REFUSED);
            assertThat(result.getError().getMessage()).contains("allow-files");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void loopbackRtspIsRefusedByTheSsrfGuardWithoutConnecting() throws Exception {
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(1);
            var result = submitAndAwait("rtsp://127.0.0.1:" + server.getLocalPort() + "/cam");
            assertThat(result.getError().getCode()).isEqualTo(ErrorCode.URL_REFUSED);
            assertThat(result.getError().getMessage()).contains("LOOPBACK");
            boolean connected;
            try (var ignored = server.accept()) {
                connected = true;
            } catch (java.net.SocketTimeoutException e) {
                connected = false;
            }
            assertThat(connected).isFalse();
        }
    }

    private JobResult submitAndAwait(String mediaUrl) {
        var channel = ManagedChannelBuilder.forAddress("127.0.0.1", url.getPort())
                .usePlaintext()
                .build();
        try {
            String job = IngestServiceGrpc.newBlockingStub(channel)
                    .submit(SubmitRequest.newBuilder()
                            .setMedia(MediaSource.newBuilder().setUrl(mediaUrl).setKind(MediaKind.LIVE_STREAM))
                            .setTask(Task.newBuilder().setPrompt("Describe"))
                            .build())
                    .getJobId();
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
        } finally {
            channel.shutdownNow();
        }
    }
}
