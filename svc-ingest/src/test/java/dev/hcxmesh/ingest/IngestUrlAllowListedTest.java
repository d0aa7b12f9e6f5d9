package dev.hcxmesh.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.api.v1.IngestServiceGrpc;
import dev.hcxmesh.api.v1.MediaKind;
import dev.hcxmesh.api.v1.MediaSource;
import dev.hcxmesh.api.v1.SubmitRequest;
import dev.hcxmesh.api.v1.Task;
import dev.hcxmesh.broker.KafkaTestResource;
import dev.hcxmesh.broker.TinyModelTestResource;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The same loopback URL is fetched once the host is allow-listed for private targets. */
@QuarkusTest
@TestProfile(IngestUrlAllowListedTest.AllowLoopback.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TinyModelTestResource.class, restrictToAnnotatedClass = true)
class IngestUrlAllowListedTest {

    public static class AllowLoopback implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hcx.ingest.url.allow-private-hosts", "127.0.0.1");
        }
    }

    @TestHTTPResource
    URL url;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void allowListedLoopbackUrlIsFetchedAndFannedOut() throws Exception {
        var channel = ManagedChannelBuilder.forAddress("127.0.0.1", url.getPort())
                .usePlaintext()
                .build();
        try (var server = LoopbackMedia.serve()) {
            var job = IngestServiceGrpc.newBlockingStub(channel)
                    .submit(SubmitRequest.newBuilder()
                            .setMedia(MediaSource.newBuilder()
                                    .setUrl(server.url())
                                    .setKind(MediaKind.IMAGE))
                            .setTask(Task.newBuilder().setPrompt("Describe"))
                            .build());
            var outcome = LoopbackMedia.resultOf(bootstrap, job.getJobId());
            assertThat(outcome.getFinishReason()).isEqualTo("accepted");
            assertThat(server.hits()).isEqualTo(1);
        } finally {
            channel.shutdownNow();
        }
    }
}
