package dev.hcxmesh.decoder.engine.cpu;

import dev.hcxmesh.decoder.engine.llama.LlamaShape;
import dev.hcxmesh.decoder.engine.llama.LlamaWeightNames;
import dev.hcxmesh.decoder.engine.llama.Rope;
import dev.hcxmesh.model.config.TextConfig;
import dev.hcxmesh.model.tensor.Tensor;
import dev.hcxmesh.model.tensor.Weights;
import java.util.Arrays;

/**
 * The Llama weights in the CPU engine's layout: every matrix converted or quantised once to one
 * {@link WeightFormat}; norms stay f32.
 *
 * @param embed {@code [V, D]} token embedding (also the head when tied)
 * @param head {@code [V, D]} output head
 * @param finalNorm {@code [D]}
 * @param layers one entry per decoder layer
 */
public record CpuModel(LlamaShape shape, Rope rope, Matrix embed, Matrix head, float[] finalNorm, Layer[] layers) {

    /**
     * One decoder layer.
     *
     * @param q {@code [H*hd, D]}
     * @param k {@code [KV*hd, D]}
     * @param v {@code [KV*hd, D]}
     * @param o {@code [D, H*hd]}
     * @param gate {@code [F, D]}
     * @param up {@code [F, D]}
     * @param down {@code [D, F]}
     * @param inputNorm {@code [D]}
     * @param postNorm {@code [D]}
     */
    public record Layer(
            Matrix q,
            Matrix k,
            Matrix v,
            Matrix o,
            Matrix gate,
            Matrix up,
            Matrix down,
            float[] inputNorm,
            float[] postNorm) {}

    public CpuModel {
        int D = shape.hidden();
        check("embed_tokens", embed, shape.vocab(), D);
        check("lm_head", head, shape.vocab(), D);
        if (finalNorm.length != D) {
            throw new IllegalArgumentException("final norm needs " + D + " values, found " + finalNorm.length);
        }
        if (layers.length != shape.layers()) {
            throw new IllegalArgumentException("expected " + shape.layers() + " layers, found " + layers.length);
        }
        for (int i = 0; i < layers.length; i++) {
            Layer l = layers[i];
            String p = "layer " + i + " ";
            check(p + "q_proj", l.q, shape.qDim(), D);
            check(p + "k_proj", l.k, shape.kvDim(), D);
            check(p + "v_proj", l.v, shape.kvDim(), D);
            check(p + "o_proj", l.o, D, shape.qDim());
            check(p + "gate_proj", l.gate, shape.ffn(), D);
            check(p + "up_proj", l.up, shape.ffn(), D);
            check(p + "down_proj", l.down, D, shape.ffn());
            if (l.inputNorm.length != D || l.postNorm.length != D) {
                throw new IllegalArgumentException(p + "norms need " + D + " values");
            }
        }
    }

    /** Loads and converts the text model from a checkpoint (HF names under {@code names}). */
    public static CpuModel load(TextConfig config, Weights w, LlamaWeightNames names, WeightFormat format) {
        LlamaShape s = LlamaShape.of(config);
        Matrix embed = Matrix.from(w.get(names.embedTokens()), format);
        Matrix head;
        if (s.tied()) {
            head = embed;
        } else {
            head = Matrix.from(w.get(names.lmHead()), format);
        }
        Layer[] layers = new Layer[s.layers()];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = new Layer(
                    Matrix.from(w.get(names.q(i)), format),
                    Matrix.from(w.get(names.k(i)), format),
                    Matrix.from(w.get(names.v(i)), format),
                    Matrix.from(w.get(names.o(i)), format),
                    Matrix.from(w.get(names.gate(i)), format),
                    Matrix.from(w.get(names.up(i)), format),
                    Matrix.from(w.get(names.down(i)), format),
                    vector(w.get(names.inputNorm(i)), s.hidden()),
                    vector(w.get(names.postAttentionNorm(i)), s.hidden()));
        }
        return new CpuModel(
                s, Rope.of(config, s.headDim()), embed, head, vector(w.get(names.finalNorm()), s.hidden()), layers);
    }

    /** Weight bytes streamed for one decode step (layers + head; the embedding row is negligible). */
    public long bytesPerToken() {
        long b = head.bytes();
        for (Layer l : layers) {
            b += l.q.bytes() + l.k.bytes() + l.v.bytes() + l.o.bytes() + l.gate.bytes() + l.up.bytes() + l.down.bytes();
        }
        return b;
    }

    private static float[] vector(Tensor t, int n) {
        if (t.numel() != n) {
            throw new IllegalArgumentException(
                    "tensor " + t.name() + " must have " + n + " elements, found " + Arrays.toString(t.shape()));
        }
        return t.toFloatArray();
    }

    private static void check(String name, Matrix m, int rows, int cols) {
        if (m.rows() != rows || m.cols() != cols) {
            throw new IllegalArgumentException("matrix " + name + " must be [" + rows + ", " + cols + "], found ["
                    + m.rows() + ", " + m.cols() + "]");
        }
    }
}
