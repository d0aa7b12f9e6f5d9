package dev.hcxmesh.decoder.engine;

import dev.hcxmesh.decoder.engine.llama.LlamaWeightNames;
import dev.hcxmesh.model.config.TextConfig;
import dev.hcxmesh.model.tensor.Tensor;
import dev.hcxmesh.model.tensor.Weights;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A tiny random Llama checkpoint for tests: D=64, 2 layers, 4 heads / 2 KV heads, hd 16, F 128, V 300. */
public final class TinyLlama {
    public static final int D = 64, LAYERS = 2, HEADS = 4, KV = 2, HD = 16, FFN = 128, VOCAB = 300, CTX = 256;

    private TinyLlama() {}

    public static TextConfig config(boolean tied, TextConfig.RopeScaling scaling) {
        return new TextConfig(
                D, LAYERS, HEADS, KV, HD, FFN, VOCAB, 10000.0, scaling, 1e-5, tied, CTX, false, List.of(2), 1);
    }

    public static TextConfig config() {
        return config(false, null);
    }

    /** Random weights for {@code c} under {@code names}, seeded. */
    public static Weights weights(TextConfig c, LlamaWeightNames names, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, Tensor> m = new LinkedHashMap<>();
        int d = c.hiddenSize(), q = c.numHeads() * c.headDim(), kv = c.numKvHeads() * c.headDim();
        int f = c.intermediateSize(), v = c.vocabSize();
        put(m, names.embedTokens(), rnd, 1.0, v, d);
        if (!c.tieWordEmbeddings()) {
            put(m, names.lmHead(), rnd, 1.0 / Math.sqrt(d) * 2, v, d);
        }
        norm(m, names.finalNorm(), rnd, d);
        for (int i = 0; i < c.numLayers(); i++) {
            put(m, names.q(i), rnd, 1.0 / Math.sqrt(d), q, d);
            put(m, names.k(i), rnd, 1.0 / Math.sqrt(d), kv, d);
            put(m, names.v(i), rnd, 1.0 / Math.sqrt(d), kv, d);
            put(m, names.o(i), rnd, 1.0 / Math.sqrt(q), d, q);
            put(m, names.gate(i), rnd, 1.0 / Math.sqrt(d), f, d);
            put(m, names.up(i), rnd, 1.0 / Math.sqrt(d), f, d);
            put(m, names.down(i), rnd, 1.0 / Math.sqrt(f), d, f);
            norm(m, names.inputNorm(i), rnd, d);
            norm(m, names.postAttentionNorm(i), rnd, d);
        }
        return Weights.of(m);
    }

    /** Random rows {@code [count, D]} for a splice. */
    public static float[] visualRows(int count, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] r = new float[count * D];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) (rnd.nextGaussian() * 0.8);
        }
        return r;
    }

    /** Random prompt ids in [3, V). */
    public static int[] prompt(int length, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) {
            ids[i] = 3 + rnd.nextInt(VOCAB - 3);
        }
        return ids;
    }

    private static void put(Map<String, Tensor> m, String name, SplittableRandom rnd, double std, int rows, int cols) {
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (rnd.nextGaussian() * std);
        }
        m.put(name, Tensor.ofFloats(name, w, rows, cols));
    }

    private static void norm(Map<String, Tensor> m, String name, SplittableRandom rnd, int d) {
        float[] w = new float[d];
        for (int i = 0; i < d; i++) {
            w[i] = (float) (1 + 0.1 * rnd.nextGaussian());
        }
        m.put(name, Tensor.ofFloats(name, w, d));
    }
}
