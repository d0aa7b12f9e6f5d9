package dev.hcxmesh.decoder.engine.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcxmesh.decoder.engine.CollectingSink;
import dev.hcxmesh.decoder.engine.GreedySelector;
import dev.hcxmesh.decoder.engine.SequenceHandle;
import dev.hcxmesh.decoder.engine.SequenceRequest;
import dev.hcxmesh.decoder.engine.SequenceRequest.EmbeddingSplice;
import dev.hcxmesh.decoder.engine.TinyLlama;
import dev.hcxmesh.decoder.engine.TokenSink.FinishReason;
import dev.hcxmesh.decoder.engine.llama.LlamaWeightNames;
import dev.hcxmesh.model.config.TextConfig;
import dev.hcxmesh.model.tensor.Weights;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Continuous batching, chunked prefill, prefix caching and cancellation do not change greedy output. */
class BatchingTest {
    static final TextConfig CFG = TinyLlama.config();
    static final Weights W = TinyLlama.weights(CFG, LlamaWeightNames.HCX, 42);
    static final int[] LENGTHS = {5, 17, 33, 40, 9, 64, 23, 50};
    static final int[] NEW = {12, 8, 20, 5, 16, 10, 7, 14};

    static CpuEngineOptions opts() {
        return CpuEngineOptions.defaults().withNames(LlamaWeightNames.HCX, true).withKv(8L << 20, 16);
    }

    static List<SequenceRequest> mixedRequests() {
        List<SequenceRequest> out = new ArrayList<>();
        for (int i = 0; i < LENGTHS.length; i++) {
            int[] ids = TinyLlama.prompt(LENGTHS[i], 100 + i);
            List<EmbeddingSplice> splices = List.of();
            if (i == 5) {
                splices = List.of(new EmbeddingSplice(10, 20, TinyLlama.visualRows(20, 9)));
                Arrays.fill(ids, 10, 30, 299);
            }
            out.add(new SequenceRequest("r" + i, ids, splices, new GreedySelector(), NEW[i], 0, "t" + (i % 3), null));
        }
        return out;
    }

    static SequenceRequest fresh(SequenceRequest r) {
        return new SequenceRequest(
                r.id(),
                r.promptIds(),
                r.splices(),
                new GreedySelector(),
                r.maxNewTokens(),
                r.priority(),
                r.tenant(),
                r.deadline());
    }

    /** Each request alone, one at a time (batch size 1). */
    static List<List<Integer>> oneByOne(List<SequenceRequest> reqs, CpuEngineOptions o) {
        List<List<Integer>> out = new ArrayList<>();
        try (var engine = CpuLanguageEngine.load(CFG, W, o.withBatching(64, 1, 16))) {
            for (SequenceRequest r : reqs) {
                CollectingSink sink = new CollectingSink();
                engine.start(fresh(r), sink);
                assertThat(sink.await()).isEqualTo(FinishReason.LENGTH);
                out.add(List.copyOf(sink.tokens));
            }
            assertThat(engine.kvBlocksInUse()).isZero();
        }
        return out;
    }

    @Test
    void staggeredBatchOfEightMatchesBatchSizeOne() {
        List<SequenceRequest> reqs = mixedRequests();
        List<List<Integer>> expected = oneByOne(reqs, opts().withPrefixCaching(false));
        try (var engine = CpuLanguageEngine.load(CFG, W, opts().withBatching(8, 8, 16))) {
            List<CollectingSink> sinks = new ArrayList<>();
            for (int i = 0; i < reqs.size(); i++) {
                if (i >= 4) {
                    CollectingSink earlier = sinks.get(i - 4);
                    await().atMost(Duration.ofSeconds(30)).until(() -> earlier.tokens.size() >= 2);
                }
                CollectingSink sink = new CollectingSink();
                engine.start(fresh(reqs.get(i)), sink);
                sinks.add(sink);
            }
            for (int i = 0; i < reqs.size(); i++) {
                assertThat(sinks.get(i).await()).isEqualTo(FinishReason.LENGTH);
                assertThat(sinks.get(i).tokens).as("request %d", i).isEqualTo(expected.get(i));
                assertThat(sinks.get(i).completionTokens).isEqualTo(NEW[i]);
            }
            assertThat(engine.kvBlocksInUse()).isZero();
        }
    }

    @Test
    void prefixCacheReusesBlocksWithoutChangingOutput() {
        int[] system = TinyLlama.prompt(40, 7); // 2 full 16-token blocks shared
        List<SequenceRequest> reqs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int[] tail = TinyLlama.prompt(3 + 5 * i, 200 + i);
            int[] ids = Arrays.copyOf(system, system.length + tail.length);
            System.arraycopy(tail, 0, ids, system.length, tail.length);
            reqs.add(new SequenceRequest("p" + i, ids, List.of(), new GreedySelector(), 6, 0, "t", null));
        }
        List<List<Integer>> expected = oneByOne(reqs, opts().withPrefixCaching(false));
        try (var engine = CpuLanguageEngine.load(CFG, W, opts().withPrefixCaching(true))) {
            CollectingSink first = new CollectingSink();
            engine.start(fresh(reqs.get(0)), first);
            first.await();
            assertThat(first.tokens).isEqualTo(expected.get(0));
            List<CollectingSink> sinks = new ArrayList<>();
            for (int i = 1; i < reqs.size(); i++) {
                CollectingSink s = new CollectingSink();
                engine.start(fresh(reqs.get(i)), s);
                sinks.add(s);
            }
            for (int i = 1; i < reqs.size(); i++) {
                sinks.get(i - 1).await();
                assertThat(sinks.get(i - 1).tokens).as("request %d", i).isEqualTo(expected.get(i));
            }
            assertThat(engine.prefixHitTokens()).isEqualTo(4L * 32);
            assertThat(engine.kvBlocksInUse()).isZero();
        }
    }

    @Test
    void cancellationAndDeadlineFreeKvBlocks() {
        try (var engine = CpuLanguageEngine.load(CFG, W, opts().withBatching(16, 3, 16))) {
            List<CollectingSink> sinks = new ArrayList<>();
            List<SequenceHandle> handles = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                CollectingSink s = new CollectingSink();
                handles.add(engine.start(
                        new SequenceRequest(
                                "c" + i, TinyLlama.prompt(20, i), List.of(), new GreedySelector(), 200, 0, "t", null),
                        s));
                sinks.add(s);
            }
            sinks.get(0).awaitTokens(3); // no poll interval: the tiny model can finish between two polls
            assertThat(engine.kvBlocksInUse()).isGreaterThan(0);
            handles.forEach(SequenceHandle::cancel);
            handles.forEach(SequenceHandle::cancel); // idempotent
            for (CollectingSink s : sinks) {
                assertThat(s.await()).isEqualTo(FinishReason.CANCELLED);
            }
            assertThat(engine.kvBlocksInUse()).isZero();

            CollectingSink late = new CollectingSink();
            engine.start(
                    new SequenceRequest(
                            "d",
                            TinyLlama.prompt(20, 9),
                            List.of(),
                            new GreedySelector(),
                            200,
                            0,
                            "t",
                            Instant.now().plusMillis(30)),
                    late);
            assertThat(late.await()).isEqualTo(FinishReason.DEADLINE);
            assertThat(engine.kvBlocksInUse()).isZero();
        }
    }

    @Test
    void stopTokenFinishesWithStop() {
        List<SequenceRequest> reqs = mixedRequests();
        List<List<Integer>> free = oneByOne(List.of(reqs.get(2)), opts());
        int stopAt = free.get(0).get(3);
        try (var engine = CpuLanguageEngine.load(CFG, W, opts())) {
            CollectingSink s = new CollectingSink();
            SequenceRequest r = reqs.get(2);
            engine.start(
                    new SequenceRequest(
                            "s", r.promptIds(), List.of(), new GreedySelector(stopAt, false), 20, 0, "t", null),
                    s);
            assertThat(s.await()).isEqualTo(FinishReason.STOP);
            int firstStop = free.get(0).indexOf(stopAt);
            assertThat(s.tokens).isEqualTo(free.get(0).subList(0, firstStop));
        }
    }
}
