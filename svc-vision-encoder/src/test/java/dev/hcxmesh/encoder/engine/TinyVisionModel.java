package dev.hcxmesh.encoder.engine;

import dev.hcxmesh.model.config.ConnectorConfig;
import dev.hcxmesh.model.config.HcxConfig;
import dev.hcxmesh.model.config.PreprocessorConfig;
import dev.hcxmesh.model.config.TextConfig;
import dev.hcxmesh.model.config.VisionConfig;
import dev.hcxmesh.model.tensor.Tensor;
import dev.hcxmesh.model.tensor.Weights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random HCX vision weights with real tile geometry (378 px, patch 14, 729 tokens) and small
 * widths, for engine tests and the benchmark.
 */
public final class TinyVisionModel {
    private TinyVisionModel() {}

    /** C=32, 2 heads, MLP 64, 3 layers in the checkpoint (2 run with use_nth_layer −2), D=64. */
    public static HcxConfig tinyConfig() {
        return config(32, 3, 2, 64, 64);
    }

    /** A config with the given widths and the HCX connector defaults. */
    public static HcxConfig config(int width, int layers, int heads, int mlp, int llmHidden) {
        var vision = new VisionConfig(width, layers, heads, mlp, 378, 14, 1e-6, "gelu_pytorch_tanh");
        var text = new TextConfig(
                llmHidden, 1, 1, 1, llmHidden, llmHidden, 16, 10000.0, null, 1e-5, false, 4096, false, List.of(1), 0);
        var connector = new ConnectorConfig("cabstractor", -2, 81, 81, 9, false, true, false, 3, 2);
        return new HcxConfig(
                "hyperclovax_vlm", vision, text, connector, PreprocessorConfig.hcxDefaults(), 100271, 100270);
    }

    /** Random weights for every tensor an engine reads, in the HF layout, deterministic in {@code seed}. */
    public static Weights weights(HcxConfig cfg, long seed) {
        var rnd = new SplittableRandom(seed);
        var n = VisionWeightNames.HF;
        var v = cfg.vision();
        int c = v.hiddenSize();
        int m = v.intermediateSize();
        int d = cfg.text().hiddenSize();
        int p = v.patchSize();
        int se = (int) Math.round(c * 0.25);
        Map<String, Tensor> t = new LinkedHashMap<>();
        put(t, rnd, n.patchWeight(), 1 / Math.sqrt(3 * p * p), 0, c, 3, p, p);
        put(t, rnd, n.patchBias(), 0.1, 0, c);
        put(t, rnd, n.positionEmbedding(), 0.5, 0, v.numPatches(), c);
        for (int l = 0; l < v.numLayers(); l++) {
            for (String proj : new String[] {"q", "k", "v", "out"}) {
                put(t, rnd, n.attn(l, proj, "weight"), 1 / Math.sqrt(c), 0, c, c);
                put(t, rnd, n.attn(l, proj, "bias"), 0.1, 0, c);
            }
            for (int ln = 1; ln <= 2; ln++) {
                put(t, rnd, n.layerNorm(l, ln, "weight"), 0.2, 1, c);
                put(t, rnd, n.layerNorm(l, ln, "bias"), 0.1, 0, c);
            }
            put(t, rnd, n.mlp(l, 1, "weight"), 1 / Math.sqrt(c), 0, m, c);
            put(t, rnd, n.mlp(l, 1, "bias"), 0.1, 0, m);
            put(t, rnd, n.mlp(l, 2, "weight"), 1 / Math.sqrt(m), 0, c, m);
            put(t, rnd, n.mlp(l, 2, "bias"), 0.1, 0, c);
        }
        put(t, rnd, n.projectorPosEmb(), 0.5, 0, 1, v.numPatches(), c);
        for (int stage : new int[] {0, 2}) {
            for (int b = 1; b <= cfg.connector().depth(); b++) {
                put(t, rnd, n.block(stage, b, "conv1.conv.weight"), 1 / Math.sqrt(c), 0, c, c, 1, 1);
                put(t, rnd, n.block(stage, b, "conv2.conv.weight"), 1 / 3.0, 0, c, 1, 3, 3);
                put(t, rnd, n.block(stage, b, "conv3.conv.weight"), 1 / Math.sqrt(c), 0, c, c, 1, 1);
                for (String conv : new String[] {"conv1", "conv2", "conv3"}) {
                    put(t, rnd, n.block(stage, b, conv + ".bn.weight"), 0.2, 1, c);
                    put(t, rnd, n.block(stage, b, conv + ".bn.bias"), 0.1, 0, c);
                }
                put(t, rnd, n.block(stage, b, "se.fc1.weight"), 1 / Math.sqrt(c), 0, se, c, 1, 1);
                put(t, rnd, n.block(stage, b, "se.fc1.bias"), 0.1, 0, se);
                put(t, rnd, n.block(stage, b, "se.fc2.weight"), 1 / Math.sqrt(se), 0, c, se, 1, 1);
                put(t, rnd, n.block(stage, b, "se.fc2.bias"), 0.1, 0, c);
            }
        }
        put(t, rnd, n.readout(0, "weight"), 1 / Math.sqrt(c), 0, d, c);
        put(t, rnd, n.readout(0, "bias"), 0.1, 0, d);
        put(t, rnd, n.readout(2, "weight"), 1 / Math.sqrt(d), 0, d, d);
        put(t, rnd, n.readout(2, "bias"), 0.1, 0, d);
        put(t, rnd, n.newline(), 1, 0, d);
        return Weights.of(t);
    }

    private static void put(
            Map<String, Tensor> t, SplittableRandom rnd, String name, double amp, double center, long... shape) {
        int numel = (int) Tensor.numel(shape);
        float[] v = new float[numel];
        for (int i = 0; i < numel; i++) {
            v[i] = (float) (center + amp * (2 * rnd.nextDouble() - 1));
        }
        t.put(name, Tensor.ofFloats(name, v, shape));
    }

    /** {@code count} random uint8 HWC tiles of 378×378×3. */
    public static List<byte[]> tiles(int count, long seed) {
        var rnd = new SplittableRandom(seed);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] b = new byte[378 * 378 * 3];
            for (int j = 0; j < b.length; j++) {
                b[j] = (byte) rnd.nextInt(256);
            }
            out.add(b);
        }
        return out;
    }

    /** max |a − b| / max |a|. */
    public static double relMaxDiff(float[] ref, float[] got) {
        if (ref.length != got.length) {
            throw new AssertionError("length " + ref.length + " vs " + got.length);
        }
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < ref.length; i++) {
            diff = Math.max(diff, Math.abs((double) ref[i] - got[i]));
            scale = Math.max(scale, Math.abs(ref[i]));
        }
        return diff / Math.max(scale, 1e-30);
    }
}
