package dev.hcxmesh.decoder.engine.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.decoder.engine.CollectingSink;
import dev.hcxmesh.decoder.engine.EngineException;
import dev.hcxmesh.decoder.engine.GreedySelector;
import dev.hcxmesh.decoder.engine.SequenceHandle;
import dev.hcxmesh.decoder.engine.SequenceRequest;
import dev.hcxmesh.decoder.engine.SequenceRequest.EmbeddingSplice;
import dev.hcxmesh.decoder.engine.TinyLlama;
import dev.hcxmesh.decoder.engine.TokenSink.FinishReason;
import dev.hcxmesh.decoder.engine.llama.LlamaWeightNames;
import dev.hcxmesh.model.config.TextConfig;
import dev.hcxmesh.model.tensor.Weights;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Typed admission errors and the waiting-queue order. */
class AdmissionTest {
    static final TextConfig CFG = TinyLlama.config();
    static final Weights W = TinyLlama.weights(CFG, LlamaWeightNames.HCX, 42);

    static SequenceRequest req(String id, int len, int maxNew) {
        return new SequenceRequest(
                id, TinyLlama.prompt(len, id.hashCode()), List.of(), new GreedySelector(), maxNew, 0, "t", null);
    }

    static ErrorCode codeOf(Runnable r) {
        try {
            r.run();
        } catch (EngineException e) {
            return e.code();
        }
        throw new AssertionError("expected an EngineException");
    }

    @Test
    void queueFullContextTooLongAndKvFull() {
        var opts = CpuEngineOptions.defaults()
                .withNames(LlamaWeightNames.HCX, true)
                .withKv(KvBlockPool.blockBytes(2, 32, 16) * 20, 16) // 20 blocks = 320 slots
                .withBatching(16, 1, 2);
        try (var engine = CpuLanguageEngine.load(CFG, W, opts)) {
            assertThat(engine.kvBlocksTotal()).isEqualTo(20);
            CollectingSink running = new CollectingSink();
            SequenceHandle h = engine.start(req("long", 10, 200), running);
            running.awaitTokens(1); // no poll interval: the tiny model can finish between two polls
            List<CollectingSink> queued = new ArrayList<>();
            List<SequenceHandle> handles = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                CollectingSink s = new CollectingSink();
                handles.add(engine.start(req("w" + i, 10, 5), s));
                queued.add(s);
            }
            assertThat(engine.waitingCount()).isEqualTo(2);
            assertThat(codeOf(() -> engine.start(req("x", 10, 5), new CollectingSink())))
                    .isEqualTo(ErrorCode.QUEUE_FULL);
            assertThat(codeOf(() -> engine.start(req("big", 300, 5), new CollectingSink())))
                    .isEqualTo(ErrorCode.CONTEXT_TOO_LONG);
            h.cancel();
            handles.forEach(SequenceHandle::cancel);
            assertThat(running.await()).isEqualTo(FinishReason.CANCELLED);
            queued.forEach(CollectingSink::await);
            assertThat(engine.kvBlocksInUse()).isZero();
        }
        var tiny = CpuEngineOptions.defaults()
                .withNames(LlamaWeightNames.HCX, true)
                .withKv(KvBlockPool.blockBytes(2, 32, 16) * 2, 16);
        try (var engine = CpuLanguageEngine.load(CFG, W, tiny)) {
            assertThat(codeOf(() -> engine.start(req("kv", 30, 10), new CollectingSink())))
                    .isEqualTo(ErrorCode.KV_CACHE_FULL);
            CollectingSink fits = new CollectingSink();
            engine.start(req("fits", 20, 10), fits);
            assertThat(fits.await()).isEqualTo(FinishReason.LENGTH);
        }
    }

    @Test
    void invalidPromptsAreRefusedWithPromptInvalid() {
        try (var engine =
                CpuLanguageEngine.load(CFG, W, CpuEngineOptions.defaults().withKv(8L << 20, 16))) {
            assertThat(codeOf(() -> engine.start(
                            new SequenceRequest("e", new int[0], List.of(), new GreedySelector(), 5, 0, "t", null),
                            new CollectingSink())))
                    .isEqualTo(ErrorCode.PROMPT_INVALID);
            assertThat(codeOf(() -> engine.start(
                            new SequenceRequest(
                                    "v", new int[] {1, 999}, List.of(), new GreedySelector(), 5, 0, "t", null),
                            new CollectingSink())))
                    .isEqualTo(ErrorCode.PROMPT_INVALID);
            assertThatThrownBy(() -> engine.start(
                            new SequenceRequest(
                                    "s",
                                    TinyLlama.prompt(10, 1),
                                    List.of(new EmbeddingSplice(8, 4, TinyLlama.visualRows(4, 1))),
                                    new GreedySelector(),
                                    5,
                                    0,
                                    "t",
                                    null),
                            new CollectingSink()))
                    .isInstanceOf(EngineException.class)
                    .hasMessageContaining("inside the prompt");
        }
    }

    @Test
    void queueOrdersByPriorityThenTenantsInTurn() {
        AdmissionQueue<String> q = new AdmissionQueue<>(10);
        q.offer("a1", 0, "A");
        q.offer("a2", 0, "A");
        q.offer("a3", 0, "A");
        q.offer("b1", 0, "B");
        q.offer("c1", 0, "C");
        q.offer("urgent", 5, "A");
        q.offer("b2", 0, "B");
        List<String> order = new ArrayList<>();
        assertThat(q.peek()).isEqualTo("urgent");
        String s;
        while ((s = q.poll()) != null) {
            order.add(s);
        }
        assertThat(order).containsExactly("urgent", "a1", "b1", "c1", "a2", "b2", "a3");
        assertThat(q.size()).isZero();
        AdmissionQueue<String> full = new AdmissionQueue<>(1);
        assertThat(full.offer("x", 0, "t")).isTrue();
        assertThat(full.offer("y", 0, "t")).isFalse();
        assertThat(full.removeIf("x"::equals)).containsExactly("x");
        assertThat(full.size()).isZero();
    }
}
