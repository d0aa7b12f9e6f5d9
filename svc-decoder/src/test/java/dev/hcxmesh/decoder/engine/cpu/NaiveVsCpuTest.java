package dev.hcxmesh.decoder.engine.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.decoder.engine.CollectingSink;
import dev.hcxmesh.decoder.engine.GreedySelector;
import dev.hcxmesh.decoder.engine.SequenceRequest;
import dev.hcxmesh.decoder.engine.SequenceRequest.EmbeddingSplice;
import dev.hcxmesh.decoder.engine.TinyLlama;
import dev.hcxmesh.decoder.engine.TokenSink.FinishReason;
import dev.hcxmesh.decoder.engine.llama.LlamaWeightNames;
import dev.hcxmesh.decoder.engine.reference.NaiveLlama;
import dev.hcxmesh.model.config.TextConfig;
import dev.hcxmesh.model.tensor.Weights;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CPU engine (F32 weights) against the scalar double-accumulating oracle: prefill logits and every
 * decode step's logits agree within {@value #TOL} absolute (logits here are O(1..10)).
 */
class NaiveVsCpuTest {
    static final double TOL = 2e-3;
    static final int NEW = 6;

    @Test
    void prefillAndDecodeMatchTheOracle() {
        check(TinyLlama.config(), TinyLlama.prompt(37, 1), List.of(), LlamaWeightNames.HCX);
    }

    @Test
    void splicedVisualRowsMatchTheOracle() {
        int[] ids = TinyLlama.prompt(45, 2);
        List<EmbeddingSplice> splices = List.of(
                new EmbeddingSplice(3, 9, TinyLlama.visualRows(9, 7)),
                new EmbeddingSplice(20, 12, TinyLlama.visualRows(12, 8)));
        for (EmbeddingSplice s : splices) {
            Arrays.fill(ids, s.start(), s.start() + s.count(), 299);
        }
        check(TinyLlama.config(), ids, splices, LlamaWeightNames.HCX);
    }

    @Test
    void tiedHeadLlama3RopeAndBarePrefix() {
        var scaling = new TextConfig.RopeScaling("llama3", 8.0, 1.0, 4.0, 32);
        check(TinyLlama.config(true, scaling), TinyLlama.prompt(50, 3), List.of(), new LlamaWeightNames(""));
    }

    @Test
    void linearAndDynamicRope() {
        check(
                TinyLlama.config(false, new TextConfig.RopeScaling("linear", 2.0, 0, 0, 0)),
                TinyLlama.prompt(20, 4),
                List.of(),
                LlamaWeightNames.HCX);
        check(
                TinyLlama.config(false, new TextConfig.RopeScaling("dynamic", 2.0, 0, 0, 16)),
                TinyLlama.prompt(30, 5),
                List.of(),
                LlamaWeightNames.HCX);
    }

    private static void check(TextConfig cfg, int[] prompt, List<EmbeddingSplice> splices, LlamaWeightNames names) {
        Weights w = TinyLlama.weights(cfg, names, 42);
        NaiveLlama naive = new NaiveLlama(cfg, w, names);
        var opts = CpuEngineOptions.defaults()
                .withNames(names, true)
                .withKv(4L << 20, 16)
                .withBatching(16, 4, 8);
        GreedySelector sel = new GreedySelector(-1, true);
        CollectingSink sink = new CollectingSink();
        try (var engine = CpuLanguageEngine.load(cfg, w, opts)) {
            engine.start(new SequenceRequest("r", prompt, splices, sel, NEW, 0, "t", null), sink);
            assertThat(sink.await()).isEqualTo(FinishReason.LENGTH);
        }
        assertThat(sink.tokens).hasSize(NEW);
        assertThat(sel.seen).hasSize(NEW);
        for (int step = 0; step < NEW; step++) {
            int[] ids = Arrays.copyOf(prompt, prompt.length + step);
            for (int j = 0; j < step; j++) {
                ids[prompt.length + j] = sink.tokens.get(j);
            }
            float[] expected = naive.lastLogits(ids, splices);
            float[] actual = sel.seen.get(step);
            assertThat(maxAbsDiff(expected, actual))
                    .as("step %d max |naive - cpu|", step)
                    .isLessThan(TOL);
        }
    }

    static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
