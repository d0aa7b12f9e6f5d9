package dev.hcxmesh.decoder.engine.reference;

import dev.hcxmesh.decoder.engine.SequenceRequest.EmbeddingSplice;
import dev.hcxmesh.decoder.engine.llama.LlamaShape;
import dev.hcxmesh.decoder.engine.llama.LlamaWeightNames;
import dev.hcxmesh.decoder.engine.llama.Rope;
import dev.hcxmesh.decoder.engine.llama.SpliceMap;
import dev.hcxmesh.model.config.TextConfig;
import dev.hcxmesh.model.tensor.Weights;
import java.util.List;

/**
 * The test oracle: a scalar Llama forward that recomputes the whole sequence on every call, with
 * double accumulators and no cache, batching or quantisation. Only for tiny models.
 */
public final class NaiveLlama {
    private final LlamaShape s;
    private final Rope rope;
    private final float[] embed; // [V, D]
    private final float[] head; // [V, D]
    private final float[] finalNorm; // [D]
    private final float[][] wq, wk, wv, wo, wg, wu, wd, n1, n2; // per layer

    public NaiveLlama(TextConfig config, Weights w, LlamaWeightNames names) {
        this.s = LlamaShape.of(config);
        this.rope = Rope.of(config, s.headDim());
        int L = s.layers();
        embed = w.get(names.embedTokens()).toFloatArray();
        head = s.tied() ? embed : w.get(names.lmHead()).toFloatArray();
        finalNorm = w.get(names.finalNorm()).toFloatArray();
        wq = new float[L][];
        wk = new float[L][];
        wv = new float[L][];
        wo = new float[L][];
        wg = new float[L][];
        wu = new float[L][];
        wd = new float[L][];
        n1 = new float[L][];
        n2 = new float[L][];
        for (int l = 0; l < L; l++) {
            wq[l] = w.get(names.q(l)).toFloatArray();
            wk[l] = w.get(names.k(l)).toFloatArray();
            wv[l] = w.get(names.v(l)).toFloatArray();
            wo[l] = w.get(names.o(l)).toFloatArray();
            wg[l] = w.get(names.gate(l)).toFloatArray();
            wu[l] = w.get(names.up(l)).toFloatArray();
            wd[l] = w.get(names.down(l)).toFloatArray();
            n1[l] = w.get(names.inputNorm(l)).toFloatArray();
            n2[l] = w.get(names.postAttentionNorm(l)).toFloatArray();
        }
    }

    public LlamaShape shape() {
        return s;
    }

    /** Logits {@code [V]} of the last position of {@code ids}, with visual rows spliced in. */
    public float[] lastLogits(int[] ids, List<EmbeddingSplice> splices) {
        int n = ids.length;
        int D = s.hidden(), hd = s.headDim(), H = s.heads(), G = s.groupSize();
        SpliceMap sm = SpliceMap.of(n, D, splices);
        float[][] h = new float[n][D]; // [n, D]
        for (int t = 0; t < n; t++) {
            if (sm.covers(t)) {
                sm.copyRow(t, h[t], 0, D);
            } else {
                System.arraycopy(embed, ids[t] * D, h[t], 0, D);
            }
        }
        float[] cos = new float[hd / 2], sin = new float[hd / 2];
        for (int l = 0; l < s.layers(); l++) {
            float[][] q = new float[n][], k = new float[n][], v = new float[n][];
            for (int t = 0; t < n; t++) {
                float[] a = rmsNorm(h[t], n1[l]);
                q[t] = matvec(wq[l], a, s.qDim());
                k[t] = matvec(wk[l], a, s.kvDim());
                v[t] = matvec(wv[l], a, s.kvDim());
                rope.angles(t, cos, sin);
                for (int hh = 0; hh < H; hh++) {
                    Rope.rotate(q[t], hh * hd, cos, sin);
                }
                for (int g = 0; g < s.kvHeads(); g++) {
                    Rope.rotate(k[t], g * hd, cos, sin);
                }
            }
            for (int t = 0; t < n; t++) {
                float[] att = new float[s.qDim()]; // [H*hd]
                for (int hh = 0; hh < H; hh++) {
                    int g = hh / G;
                    double[] sc = new double[t + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int u = 0; u <= t; u++) {
                        double d = 0;
                        for (int i = 0; i < hd; i++) {
                            d += (double) q[t][hh * hd + i] * k[u][g * hd + i];
                        }
                        sc[u] = d / Math.sqrt(hd);
                        max = Math.max(max, sc[u]);
                    }
                    double sum = 0;
                    for (int u = 0; u <= t; u++) {
                        sc[u] = Math.exp(sc[u] - max);
                        sum += sc[u];
                    }
                    for (int i = 0; i < hd; i++) {
                        double o = 0;
                        for (int u = 0; u <= t; u++) {
                            o += sc[u] / sum * v[u][g * hd + i];
                        }
                        att[hh * hd + i] = (float) o;
                    }
                }
                float[] o = matvec(wo[l], att, D);
                for (int i = 0; i < D; i++) {
                    h[t][i] += o[i];
                }
                float[] m = rmsNorm(h[t], n2[l]);
                float[] gate = matvec(wg[l], m, s.ffn());
                float[] up = matvec(wu[l], m, s.ffn());
                for (int i = 0; i < s.ffn(); i++) {
                    double gg = gate[i];
                    gate[i] = (float) (gg / (1 + Math.exp(-gg)) * up[i]);
                }
                float[] down = matvec(wd[l], gate, D);
                for (int i = 0; i < D; i++) {
                    h[t][i] += down[i];
                }
            }
        }
        float[] last = rmsNorm(h[n - 1], finalNorm);
        return matvec(head, last, s.vocab());
    }

    /** HF RMSNorm: x * rsqrt(mean(x²) + eps) * w. */
    private float[] rmsNorm(float[] x, float[] w) {
        double ss = 0;
        for (float f : x) {
            ss += (double) f * f;
        }
        double inv = 1.0 / Math.sqrt(ss / x.length + s.rmsEps());
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) (x[i] * inv) * w[i];
        }
        return out;
    }

    /** {@code W[rows, in] · x[in]}. */
    private static float[] matvec(float[] w, float[] x, int rows) {
        int in = x.length;
        float[] out = new float[rows];
        for (int r = 0; r < rows; r++) {
            double d = 0;
            int base = r * in;
            for (int i = 0; i < in; i++) {
                d += (double) w[base + i] * x[i];
            }
            out[r] = (float) d;
        }
        return out;
    }
}
