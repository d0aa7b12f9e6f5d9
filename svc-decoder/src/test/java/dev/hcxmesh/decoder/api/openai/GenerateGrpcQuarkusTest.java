package dev.hcxmesh.decoder.api.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.api.v1.ChatMessage;
import dev.hcxmesh.api.v1.GenerateEvent;
import dev.hcxmesh.api.v1.GenerateRequest;
import dev.hcxmesh.api.v1.GenerateServiceGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gRPC GenerateService as Quarkus serves it (same port as HTTP in the test profile). */
@QuarkusTest
class GenerateGrpcQuarkusTest {
    @TestHTTPResource("/")
    URL base;

    @AfterEach
    void reset() {
        FakeEngineProducer.ENGINE.script();
    }

    @Test
    void generateStreamsOverTheQuarkusServer() throws Exception {
        var vocab = FakeEngineProducer.VOCAB;
        FakeEngineProducer.ENGINE.script(vocab.idOf("Hello"), vocab.idOf(" world"), vocab.idOf("<|endofturn|>"));
        ManagedChannel ch = Grpc.newChannelBuilderForAddress(
                        base.getHost(), base.getPort(), InsecureChannelCredentials.create())
                .build();
        try {
            List<GenerateEvent> events = new ArrayList<>();
            GenerateServiceGrpc.newBlockingStub(ch)
                    .withDeadlineAfter(20, TimeUnit.SECONDS)
                    .generate(GenerateRequest.newBuilder()
                            .addMessages(
                                    ChatMessage.newBuilder().setRole("user").setText("hi"))
                            .build())
                    .forEachRemaining(events::add);
            StringBuilder text = new StringBuilder();
            events.stream()
                    .filter(GenerateEvent::hasDelta)
                    .forEach(e -> text.append(e.getDelta().getText()));
            assertThat(text.toString()).isEqualTo("Hello world");
            assertThat(events.get(events.size() - 1).getDone().getFinishReason())
                    .isEqualTo("stop");
        } finally {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
