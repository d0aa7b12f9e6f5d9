package dev.hcxmesh.decoder.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcxmesh.decoder.engine.TokenSelector;
import dev.hcxmesh.decoder.testing.FakeEngine;
import dev.hcxmesh.decoder.testing.TinyVocabulary;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplingSelectorTest {
    private final TinyVocabulary vocab = new TinyVocabulary();
    private final FakeEngine logitsSource = new FakeEngine(vocab.size(), 7);

    private List<Integer> run(SamplingParams p, int steps) {
        SamplingSelector sel = new SamplingSelector(p, vocab, new int[0], null);
        List<Integer> out = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            out.add(sel.select(logitsSource.logits(1, t)).token());
        }
        return out;
    }

    private static SamplingParams params(float temp, float topP, int topK, Long seed) {
        return new SamplingParams(temp, topP, topK, 1f, 32, seed, List.of(), false, 0, false);
    }

    @Test
    void sameSeedSameTokensDifferentSeedDifferentTokens() {
        SamplingParams a = params(1f, 1f, 0, 42L);
        assertThat(run(a, 40)).isEqualTo(run(a, 40));
        assertThat(run(a, 40)).isNotEqualTo(run(params(1f, 1f, 0, 43L), 40));
    }

    @Test
    void greedyPicksArgmaxAndTemperatureZeroIsGreedy() {
        float[] logits = logitsSource.logits(3, 0);
        int argmax = Sampler.GREEDY.sample(logits.clone());
        for (int i = 0; i < logits.length; i++) {
            assertThat(logits[i]).isLessThanOrEqualTo(logits[argmax]);
        }
        SamplingSelector sel = new SamplingSelector(params(0f, 0.6f, 0, null), vocab, new int[0], null);
        assertThat(sel.select(logits.clone()).token()).isEqualTo(argmax);
    }

    @Test
    void topKKeepsExactlyKTokens() {
        float[] logits = logitsSource.logits(5, 1);
        Processors.topK(3).apply(logits, new TokenHistory());
        assertThat(countFinite(logits)).isEqualTo(3);
    }

    @Test
    void topPKeepsSmallestNucleus() {
        // probs 0.5, 0.3, 0.15, 0.05 → p=0.6 keeps {0,1}; p=0.5 keeps {0}; p=0.95 keeps {0,1,2}
        float[] base = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.15), (float) Math.log(0.05)};
        assertThat(kept(base, 0.6f)).containsExactly(0, 1);
        assertThat(kept(base, 0.5f)).containsExactly(0);
        assertThat(kept(base, 0.95f)).containsExactly(0, 1, 2);
        assertThat(kept(base, 1f)).containsExactly(0, 1, 2, 3);
    }

    @Test
    void sampledTokensStayInsideTopPAndTopK() {
        for (long seed = 0; seed < 20; seed++) {
            float[] logits = logitsSource.logits(seed, 0);
            float[] masked = logits.clone();
            Processors.topK(5).apply(masked, new TokenHistory());
            Processors.topP(0.6f).apply(masked, new TokenHistory());
            SamplingSelector sel = new SamplingSelector(params(1f, 0.6f, 5, seed), vocab, new int[0], null);
            int tok = sel.select(logits.clone()).token();
            assertThat(masked[tok]).isGreaterThan(Float.NEGATIVE_INFINITY);
        }
    }

    @Test
    void repetitionPenaltyLowersSeenTokens() {
        TokenHistory h = new TokenHistory();
        h.add(1);
        h.add(2);
        float[] logits = {1f, 2f, -2f, 3f};
        Processors.repetitionPenalty(2f).apply(logits, h);
        assertThat(logits).containsExactly(1f, 1f, -4f, 3f);
    }

    @Test
    void logprobIsLogSoftmaxOfUnmodifiedLogitsAndAlternativesAreSorted() {
        SamplingParams p = new SamplingParams(0.5f, 0.6f, 0, 1f, 8, 1L, List.of(), false, 3, true);
        SamplingSelector sel = new SamplingSelector(p, vocab, new int[0], null);
        float[] logits = logitsSource.logits(9, 0);
        double lse = Logprobs.logSumExp(logits);
        TokenSelector.Choice c = sel.select(logits.clone());
        assertThat((double) c.logprob()).isCloseTo(logits[c.token()] - lse, org.assertj.core.data.Offset.offset(1e-4));
        SamplingSelector.Step step = sel.pollStep();
        assertThat(step.alternatives()).hasSize(3);
        assertThat(step.alternatives().get(0).logprob())
                .isGreaterThanOrEqualTo(step.alternatives().get(1).logprob());
        assertThat(step.alternatives().get(0).token()).isEqualTo(Sampler.GREEDY.sample(logits));
    }

    @Test
    void stopTokenEndsWithoutEmitAndStopStringEndsAcrossTokens() {
        int[] stops = StopTokens.resolve(vocab);
        assertThat(stops).contains(vocab.idOf("<|endofturn|>"), vocab.idOf("<|stop|>"), vocab.idOf("<|im_end|>"));
        SamplingSelector sel = new SamplingSelector(
                new SamplingParams(0f, 1f, 0, 1f, 8, null, List.of("END"), false, 0, false), vocab, stops, null);
        float[] l = new float[vocab.size()];
        l[vocab.idOf("EN")] = 5;
        assertThat(sel.select(l.clone()).stop()).isFalse();
        l = new float[vocab.size()];
        l[vocab.idOf("D")] = 5;
        TokenSelector.Choice c = sel.select(l);
        assertThat(c.stop()).isTrue();
        assertThat(c.emit()).isTrue();
        l = new float[vocab.size()];
        l[vocab.idOf("<|endofturn|>")] = 5;
        TokenSelector.Choice end = new SamplingSelector(SamplingParams.defaults(4), vocab, stops, null).select(l);
        assertThat(end.stop()).isTrue();
        assertThat(end.emit()).isFalse();
    }

    @Test
    void paramsValidateAndNameTheField() {
        assertThatThrownBy(() -> params(-1f, 0.5f, 0, null)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> params(1f, 0f, 0, null)).hasMessageContaining("top_p");
        assertThatThrownBy(() -> params(1f, 0.5f, -1, null)).hasMessageContaining("top_k");
        SamplingParams d = SamplingParams.fromProto(dev.hcxmesh.api.v1.SamplingParams.getDefaultInstance(), 64);
        assertThat(d.temperature()).isEqualTo(0.5f);
        assertThat(d.topP()).isEqualTo(0.6f);
        assertThat(d.repetitionPenalty()).isEqualTo(1f);
        assertThat(d.maxTokens()).isEqualTo(64);
        SamplingParams s = SamplingParams.fromProto(
                dev.hcxmesh.api.v1.SamplingParams.newBuilder()
                        .setTemperature(0.9f)
                        .setSeed(5)
                        .addStop("x")
                        .build(),
                64);
        assertThat(s.seed()).isEqualTo(5L);
        assertThat(s.stop()).containsExactly("x");
    }

    private static List<Integer> kept(float[] base, float p) {
        float[] l = base.clone();
        Processors.topP(p).apply(l, new TokenHistory());
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < l.length; i++) {
            if (l[i] > Float.NEGATIVE_INFINITY) {
                out.add(i);
            }
        }
        return out;
    }

    private static int countFinite(float[] l) {
        int n = 0;
        for (float v : l) {
            n += v > Float.NEGATIVE_INFINITY ? 1 : 0;
        }
        return n;
    }
}
