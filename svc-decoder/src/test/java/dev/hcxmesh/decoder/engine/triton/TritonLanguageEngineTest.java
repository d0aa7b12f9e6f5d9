package dev.hcxmesh.decoder.engine.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.decoder.constrained.ConstraintLimits;
import dev.hcxmesh.decoder.constrained.JsonSchemaMask;
import dev.hcxmesh.decoder.constrained.SchemaCompiler;
import dev.hcxmesh.decoder.constrained.TokenTrie;
import dev.hcxmesh.decoder.engine.EngineException;
import dev.hcxmesh.decoder.engine.EngineInfo;
import dev.hcxmesh.decoder.engine.SequenceHandle;
import dev.hcxmesh.decoder.engine.SequenceRequest;
import dev.hcxmesh.decoder.engine.TokenSink;
import dev.hcxmesh.decoder.sampling.SamplingParams;
import dev.hcxmesh.decoder.sampling.SamplingSelector;
import dev.hcxmesh.decoder.sampling.StopTokens;
import dev.hcxmesh.decoder.testing.TinyVocabulary;
import dev.hcxmesh.kserve.v2.ModelInferRequest;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TritonLanguageEngineTest {
    private static final int HIDDEN = 4;
    private final TinyVocabulary vocab = new TinyVocabulary();
    private final FakeTritonServer triton = new FakeTritonServer();
    private Server server;
    private ManagedChannel channel;
    private TritonLanguageEngine engine;

    static final class Sink implements TokenSink {
        final List<Integer> tokens = new CopyOnWriteArrayList<>();
        volatile FinishReason reason;
        volatile Throwable error;
        volatile int completion;

        @Override
        public void onToken(int token, float logprob) {
            tokens.add(token);
        }

        @Override
        public void onFinish(FinishReason reason, int promptTokens, int completionTokens, Throwable error) {
            this.completion = completionTokens;
            this.error = error;
            this.reason = reason;
        }
    }

    @BeforeEach
    void start() throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).addService(triton).build().start();
        channel = InProcessChannelBuilder.forName(name).build();
        engine = new TritonLanguageEngine(
                channel,
                true,
                "tensorrt_llm",
                new EngineInfo("triton", HIDDEN, vocab.size(), 64, false),
                TritonLanguageEngine.EmbeddingDtype.FP32);
    }

    @AfterEach
    void stop() {
        engine.close();
        server.shutdownNow();
    }

    private SequenceRequest request(int[] prompt, List<SequenceRequest.EmbeddingSplice> splices, SamplingParams p) {
        return new SequenceRequest(
                "r1",
                prompt,
                splices,
                new SamplingSelector(p, vocab, StopTokens.resolve(vocab), null),
                p.maxTokens(),
                2,
                "t",
                null);
    }

    @Test
    void streamsTokensAndSendsTheTrtLlmInputs() {
        SamplingParams p = new SamplingParams(0.7f, 0.9f, 5, 1f, 6, 99L, List.of(), false, 0, false);
        float[] rows = new float[2 * HIDDEN];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i + 0.5f;
        }
        int[] prompt = {10, 11, 0, 0, 12, 20};
        Sink sink = new Sink();
        engine.start(request(prompt, List.of(new SequenceRequest.EmbeddingSplice(2, 2, rows)), p), sink);
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.reason != null);
        assertThat(sink.reason).isEqualTo(TokenSink.FinishReason.LENGTH);
        assertThat(sink.tokens).containsExactly(21, 22, 23, 24, 25, 26);

        ModelInferRequest req = triton.requests.get(0);
        int v = vocab.size();
        assertThat(FakeTritonServer.ints(req, "input_ids")).containsExactly(10, 11, v, v + 1, 12, 20);
        assertThat(FakeTritonServer.input(req, "input_ids").getShapeList()).containsExactly(1L, 6L);
        assertThat(FakeTritonServer.ints(req, "input_lengths")).containsExactly(6);
        assertThat(FakeTritonServer.ints(req, "request_output_len")).containsExactly(6);
        assertThat(FakeTritonServer.ints(req, "prompt_vocab_size")).containsExactly(2);
        assertThat(FakeTritonServer.ints(req, "runtime_top_k")).containsExactly(5);
        assertThat(FakeTritonServer.ints(req, "end_id")).containsExactly(StopTokens.resolve(vocab)[0]);
        assertThat(FakeTritonServer.raw(req, "temperature").getFloat()).isEqualTo(0.7f);
        assertThat(FakeTritonServer.raw(req, "runtime_top_p").getFloat()).isEqualTo(0.9f);
        assertThat(FakeTritonServer.raw(req, "random_seed").getLong()).isEqualTo(99L);
        assertThat(FakeTritonServer.raw(req, "streaming").get()).isEqualTo((byte) 1);
        var table = FakeTritonServer.input(req, "prompt_embedding_table");
        assertThat(table.getDatatype()).isEqualTo("FP32");
        assertThat(table.getShapeList()).containsExactly(1L, 2L, (long) HIDDEN);
        ByteBuffer t = FakeTritonServer.raw(req, "prompt_embedding_table");
        for (float f : rows) {
            assertThat(t.getFloat()).isEqualTo(f);
        }
    }

    @Test
    void stopStringEndsTheSequenceAndCancelsTheCall() {
        // tokens from prompt id 64 ('@'): 65 'A', 66 'B', 67 'C', ... ; stop at "BC"
        SamplingParams p = new SamplingParams(0.5f, 0.6f, 0, 1f, 20, null, List.of("BC"), false, 0, false);
        Sink sink = new Sink();
        triton.stepDelayMillis = 5;
        engine.start(request(new int[] {64}, List.of(), p), sink);
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.reason != null);
        assertThat(sink.reason).isEqualTo(TokenSink.FinishReason.STOP);
        assertThat(sink.tokens).containsExactly(65, 66, 67);
        await().atMost(Duration.ofSeconds(5)).until(() -> triton.cancelled.get() == 1);
    }

    @Test
    void cancelStopsTheRemoteStream() {
        triton.stepDelayMillis = 20;
        Sink sink = new Sink();
        SequenceHandle h = engine.start(request(new int[] {1}, List.of(), SamplingParams.defaults(50)), sink);
        await().atMost(Duration.ofSeconds(5)).until(() -> !sink.tokens.isEmpty());
        h.cancel();
        await().atMost(Duration.ofSeconds(5)).until(() -> triton.cancelled.get() == 1);
        assertThat(sink.reason).isEqualTo(TokenSink.FinishReason.CANCELLED);
        assertThat(sink.tokens.size()).isLessThan(50);
    }

    @Test
    void serverErrorsAndUnsupportedRequestsAreTyped() {
        triton.failWith = "model crashed";
        Sink sink = new Sink();
        engine.start(request(new int[] {1}, List.of(), SamplingParams.defaults(5)), sink);
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.reason != null);
        assertThat(sink.reason).isEqualTo(TokenSink.FinishReason.ERROR);
        assertThat(sink.error).hasMessageContaining("model crashed");

        assertThatThrownBy(() -> engine.start(request(new int[64], List.of(), SamplingParams.defaults(5)), new Sink()))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONTEXT_TOO_LONG));
        ConstraintLimits limits = ConstraintLimits.DEFAULT;
        var mask = new JsonSchemaMask(
                new SchemaCompiler(limits).compile("{\"type\":\"boolean\"}"), limits, vocab, new TokenTrie(vocab));
        SequenceRequest constrained = new SequenceRequest(
                "c",
                new int[] {1},
                List.of(),
                new SamplingSelector(SamplingParams.defaults(5), vocab, new int[0], mask),
                5,
                2,
                "t",
                null);
        assertThatThrownBy(() -> engine.start(constrained, new Sink()))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_IMPLEMENTED));
    }

    @Test
    void bf16TableRoundsToNearestEven() {
        assertThat(TritonRequests.toBf16(1.0f)).isEqualTo((short) 0x3F80);
        assertThat(TritonRequests.toBf16(Float.intBitsToFloat(0x3F808000))).isEqualTo((short) 0x3F80); // tie → even
        assertThat(TritonRequests.toBf16(Float.intBitsToFloat(0x3F818000))).isEqualTo((short) 0x3F82); // tie → even
        assertThat(TritonRequests.toBf16(Float.intBitsToFloat(0x3F808001))).isEqualTo((short) 0x3F81);
    }
}
