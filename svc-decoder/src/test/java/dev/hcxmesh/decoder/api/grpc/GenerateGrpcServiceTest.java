package dev.hcxmesh.decoder.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hcxmesh.api.v1.ChatMessage;
import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.api.v1.ErrorDetail;
import dev.hcxmesh.api.v1.GenerateEvent;
import dev.hcxmesh.api.v1.GenerateRequest;
import dev.hcxmesh.api.v1.GenerateServiceGrpc;
import dev.hcxmesh.api.v1.Priority;
import dev.hcxmesh.api.v1.SamplingParams;
import dev.hcxmesh.decoder.admission.AdmissionQueue;
import dev.hcxmesh.decoder.api.ChatMlRenderer;
import dev.hcxmesh.decoder.api.Generator;
import dev.hcxmesh.decoder.constrained.ConstraintLimits;
import dev.hcxmesh.decoder.engine.EngineException;
import dev.hcxmesh.decoder.testing.FakeEngine;
import dev.hcxmesh.decoder.testing.TinyVocabulary;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GenerateGrpcServiceTest {
    private final TinyVocabulary vocab = new TinyVocabulary();
    private FakeEngine engine;
    private Server server;
    private ManagedChannel channel;
    private GenerateServiceGrpc.GenerateServiceBlockingStub blocking;
    private GenerateServiceGrpc.GenerateServiceStub async;

    @BeforeEach
    void start() throws Exception {
        engine = new FakeEngine(vocab.size(), 3);
        engine.banned = dev.hcxmesh.decoder.sampling.StopTokens.resolve(vocab);
        AdmissionQueue admission =
                new AdmissionQueue(engine, new AdmissionQueue.Limits(2, 1, 1), java.time.Clock.systemUTC());
        Generator generator = new Generator(admission, vocab, ConstraintLimits.DEFAULT);
        GenerateGrpcService service = new GenerateGrpcService(
                generator,
                new ChatMlRenderer(vocab, vocab::encode),
                new GenerateGrpcService.Settings(64, 4096, 4, 16, true));
        String name = InProcessServerBuilder.generateName();
        server =
                InProcessServerBuilder.forName(name).addService(service).build().start();
        channel = InProcessChannelBuilder.forName(name).build();
        blocking = GenerateServiceGrpc.newBlockingStub(channel);
        async = GenerateServiceGrpc.newStub(channel);
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
        engine.close();
    }

    private static GenerateRequest request(SamplingParams sampling) {
        return GenerateRequest.newBuilder()
                .addMessages(ChatMessage.newBuilder().setRole("user").setText("hello"))
                .setSampling(sampling)
                .setTenant("t1")
                .setPriority(Priority.URGENT)
                .build();
    }

    @Test
    void streamsDeltasThenDone() {
        engine.script(vocab.idOf("Hello"), vocab.idOf(" world"), vocab.idOf("<|endofturn|>"));
        List<GenerateEvent> events = new ArrayList<>();
        blocking.generate(request(SamplingParams.newBuilder().setMaxTokens(10).build()))
                .forEachRemaining(events::add);
        StringBuilder text = new StringBuilder();
        events.stream()
                .filter(GenerateEvent::hasDelta)
                .forEach(e -> text.append(e.getDelta().getText()));
        assertThat(text.toString()).isEqualTo("Hello world");
        GenerateEvent last = events.get(events.size() - 1);
        assertThat(last.getDone().getFinishReason()).isEqualTo("stop");
        assertThat(last.getDone().getCompletionTokens()).isEqualTo(3);
        assertThat(last.getDone().getRandomWeights()).isTrue();
        assertThat(engine.started.get(0).priority()).isEqualTo(3);
        assertThat(engine.started.get(0).tenant()).isEqualTo("t1");
    }

    @Test
    void callDeadlineReachesTheEngine() {
        engine.script(vocab.idOf("<|endofturn|>"));
        blocking.withDeadlineAfter(30, TimeUnit.SECONDS)
                .generate(request(SamplingParams.getDefaultInstance()))
                .forEachRemaining(e -> {});
        assertThat(engine.started.get(0).deadline()).isNotNull();
    }

    @Test
    void slowClientDoesNotGetAnUnboundedBufferAndTheSequenceIsCancelled() {
        // the client asks for one message and then reads nothing; the engine keeps producing
        List<GenerateEvent> received = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        async.generate(
                request(SamplingParams.newBuilder().setMaxTokens(2000).build()),
                new ClientResponseObserver<GenerateRequest, GenerateEvent>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<GenerateRequest> s) {
                        s.disableAutoRequestWithInitial(1);
                    }

                    @Override
                    public void onNext(GenerateEvent value) {
                        received.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        error.set(t);
                    }

                    @Override
                    public void onCompleted() {}
                });
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.cancelled.get() == 1 && engine.active.get() == 0);
        assertThat(received).hasSizeLessThanOrEqualTo(1);
        assertThat(engine.started.size()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> error.get() != null);
        assertThat(Status.fromThrowable(error.get()).getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    }

    @Test
    void clientCancellationCancelsTheSequence() {
        engine.stepDelayMillis = 5;
        Iterator<GenerateEvent> it = null;
        io.grpc.Context.CancellableContext ctx = io.grpc.Context.current().withCancellation();
        try {
            it = ctx.call(() -> blocking.generate(
                    request(SamplingParams.newBuilder().setMaxTokens(2000).build())));
            it.next();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        ctx.cancel(null);
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.cancelled.get() == 1 && engine.active.get() == 0);
    }

    @Test
    void fullQueueIsResourceExhaustedWithErrorDetail() {
        engine.stepDelayMillis = 50;
        // two running (maxActive 2) + one waiting (capacity 1) fill the decoder
        List<Iterator<GenerateEvent>> open = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            GenerateRequest r = request(
                            SamplingParams.newBuilder().setMaxTokens(200).build())
                    .toBuilder()
                    .setTenant("t" + i)
                    .build();
            Iterator<GenerateEvent> it = blocking.generate(r);
            open.add(it);
            if (i < 2) {
                it.next();
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> engine.started.size() == 2);
        StatusRuntimeException e =
                org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class, () -> blocking.generate(
                                request(SamplingParams.getDefaultInstance()).toBuilder()
                                        .setTenant("t9")
                                        .build())
                        .next());
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        ErrorDetail detail = detail(e);
        assertThat(detail.getCode()).isEqualTo(ErrorCode.QUEUE_FULL);
        assertThat(detail.getStage()).isEqualTo("decoder");
    }

    @Test
    void engineErrorsMapToTypedStatuses() {
        engine.failOnStart = new EngineException(ErrorCode.CONTEXT_TOO_LONG, "prompt too long");
        assertThat(codeOf()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        engine.failOnStart = new EngineException(ErrorCode.ENGINE_UNAVAILABLE, "down");
        assertThat(codeOf()).isEqualTo(Status.Code.UNAVAILABLE);
        engine.failOnStart = new EngineException(ErrorCode.DEADLINE_EXCEEDED, "late");
        assertThat(codeOf()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        engine.failOnStart = null;
        assertThatThrownBy(() -> blocking.generate(
                                request(SamplingParams.newBuilder().setTopP(2f).build()))
                        .next())
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(detail(e).getMessage()).contains("top_p");
                });
    }

    @Test
    void constrainedOutputOverGrpcIsValidJson() throws Exception {
        String schema = "{\"type\":\"object\",\"properties\":{\"ok\":{\"type\":\"boolean\"}},\"required\":[\"ok\"]}";
        StringBuilder text = new StringBuilder();
        blocking.generate(request(SamplingParams.newBuilder()
                                .setMaxTokens(200)
                                .setSeed(1)
                                .build())
                        .toBuilder()
                        .setResponseJsonSchema(schema)
                        .build())
                .forEachRemaining(e -> text.append(e.getDelta().getText()));
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(text.toString())
                        .get("ok")
                        .isBoolean())
                .isTrue();
    }

    private Status.Code codeOf() {
        try {
            blocking.generate(request(SamplingParams.getDefaultInstance())).next();
            throw new AssertionError("expected an error");
        } catch (StatusRuntimeException e) {
            assertThat(detail(e).getCode()).isNotEqualTo(ErrorCode.ERROR_CODE_UNSPECIFIED);
            return e.getStatus().getCode();
        }
    }

    private static ErrorDetail detail(StatusRuntimeException e) {
        try {
            return StatusProto.fromThrowable(e).getDetails(0).unpack(ErrorDetail.class);
        } catch (com.google.protobuf.InvalidProtocolBufferException x) {
            throw new AssertionError(x);
        }
    }
}
