package dev.hcxmesh.encoder.engine.reference;

import dev.hcxmesh.encoder.engine.TileInput;
import dev.hcxmesh.encoder.engine.VisionDims;
import dev.hcxmesh.encoder.engine.VisionEngine;
import dev.hcxmesh.encoder.engine.VisionWeightNames;
import dev.hcxmesh.model.config.HcxConfig;
import dev.hcxmesh.model.tensor.Weights;
import java.util.List;

/**
 * The test oracle: SigLIP tower and C-Abstractor as plain scalar loops with double accumulators,
 * written for obviousness, not speed (HCX-MODEL-SPEC §3). The abstractor runs in NCHW like the
 * PyTorch reference.
 *
 * <p>timm semantics checked in {@code timm/models/regnet.py} (Bottleneck: conv1 → conv2 → se →
 * conv3, conv3 built with {@code apply_act=False}, {@code act3} after the identity shortcut; SE built
 * as {@code SEModule(bottleneck_chs, rd_channels=round(in_chs·se_ratio), act_layer=act_layer)}, so the
 * SE's inner activation is the block's SiLU, not ReLU; groups = bottleneck_chs / group_size = C, so
 * conv2 is depthwise).
 */
public final class NaiveVisionEngine implements VisionEngine {
    private final VisionDims dims;
    private final Weights weights;
    private final VisionWeightNames names;

    public NaiveVisionEngine(HcxConfig config, Weights weights) {
        this(config, weights, VisionWeightNames.HF);
    }

    public NaiveVisionEngine(HcxConfig config, Weights weights, VisionWeightNames names) {
        this.weights = weights;
        this.names = names;
        this.dims = VisionDims.of(config, weights, names);
    }

    public VisionDims dims() {
        return dims;
    }

    @Override
    public String name() {
        return "naive";
    }

    @Override
    public float[] encode(List<byte[]> tiles, int[] queriesPerTile) {
        int total = TileInput.validate(tiles, queriesPerTile, dims);
        int d = dims.llmHidden();
        float[] out = new float[total * d]; // [sum(q), D]
        int row = 0;
        for (int t = 0; t < tiles.size(); t++) {
            float[] x = tower(TileInput.toChw(tiles.get(t), dims)); // [729, C]
            float[] y = abstractor(x, queriesPerTile[t]); // [q, D]
            System.arraycopy(y, 0, out, row * d, y.length);
            row += queriesPerTile[t];
        }
        return out;
    }

    private float[] w(String name) {
        return weights.get(name).toFloatArray();
    }

    /** SigLIP: patch conv, position embedding, {@code layersRun} pre-LN blocks, no post-LN. */
    float[] tower(float[] pix /* [3, S, S] */) {
        int c = dims.width();
        int g = dims.grid();
        int p = dims.patch();
        int s = dims.imageSize();
        int n = dims.tokens();
        float[] pw = w(names.patchWeight()); // [C, 3, p, p]
        float[] pb = w(names.patchBias());
        float[] pos = w(names.positionEmbedding()); // [729, C]
        float[] x = new float[n * c]; // [729, C], token = row·27 + col
        for (int gy = 0; gy < g; gy++) {
            for (int gx = 0; gx < g; gx++) {
                int tok = gy * g + gx;
                for (int o = 0; o < c; o++) {
                    double acc = pb[o];
                    for (int ch = 0; ch < 3; ch++) {
                        for (int ky = 0; ky < p; ky++) {
                            for (int kx = 0; kx < p; kx++) {
                                acc += (double) pw[((o * 3 + ch) * p + ky) * p + kx]
                                        * pix[(ch * s + gy * p + ky) * s + gx * p + kx];
                            }
                        }
                    }
                    x[tok * c + o] = (float) (acc + pos[tok * c + o]);
                }
            }
        }
        for (int l = 0; l < dims.layersRun(); l++) {
            encoderLayer(l, x);
        }
        return x;
    }

    private void encoderLayer(int l, float[] x /* [n, C] */) {
        int c = dims.width();
        int n = dims.tokens();
        int h = dims.heads();
        int hd = dims.headDim();
        float[] ln =
                layerNorm(x, n, c, w(names.layerNorm(l, 1, "weight")), w(names.layerNorm(l, 1, "bias")), dims.lnEps());
        float[] q = linear(ln, n, c, w(names.attn(l, "q", "weight")), w(names.attn(l, "q", "bias")), c);
        float[] k = linear(ln, n, c, w(names.attn(l, "k", "weight")), w(names.attn(l, "k", "bias")), c);
        float[] v = linear(ln, n, c, w(names.attn(l, "v", "weight")), w(names.attn(l, "v", "bias")), c);
        float[] ctx = new float[n * c]; // [n, C]
        double scale = 1.0 / Math.sqrt(hd);
        double[] sc = new double[n];
        for (int head = 0; head < h; head++) {
            for (int i = 0; i < n; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    double dot = 0;
                    for (int e = 0; e < hd; e++) {
                        dot += (double) q[i * c + head * hd + e] * k[j * c + head * hd + e];
                    }
                    sc[j] = dot * scale;
                    max = Math.max(max, sc[j]);
                }
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    sc[j] = Math.exp(sc[j] - max);
                    sum += sc[j];
                }
                for (int e = 0; e < hd; e++) {
                    double acc = 0;
                    for (int j = 0; j < n; j++) {
                        acc += sc[j] * v[j * c + head * hd + e];
                    }
                    ctx[i * c + head * hd + e] = (float) (acc / sum);
                }
            }
        }
        float[] o = linear(ctx, n, c, w(names.attn(l, "out", "weight")), w(names.attn(l, "out", "bias")), c);
        for (int i = 0; i < x.length; i++) {
            x[i] += o[i];
        }
        float[] ln2 =
                layerNorm(x, n, c, w(names.layerNorm(l, 2, "weight")), w(names.layerNorm(l, 2, "bias")), dims.lnEps());
        int m = dims.mlp();
        float[] hid = linear(ln2, n, c, w(names.mlp(l, 1, "weight")), w(names.mlp(l, 1, "bias")), m);
        for (int i = 0; i < hid.length; i++) {
            hid[i] = (float) geluTanh(hid[i]);
        }
        float[] y = linear(hid, n, m, w(names.mlp(l, 2, "weight")), w(names.mlp(l, 2, "bias")), c);
        for (int i = 0; i < x.length; i++) {
            x[i] += y[i];
        }
    }

    /** C-Abstractor on one tile's tower output; returns {@code [q, D]}. */
    float[] abstractor(float[] x /* [729, C] */, int queries) {
        int c = dims.width();
        int g = dims.grid();
        int n = dims.tokens();
        float[] pos = w(names.projectorPosEmb()); // [1, 729, C]
        float[] chw = new float[c * n]; // [C, 27, 27]
        for (int t = 0; t < n; t++) {
            for (int ch = 0; ch < c; ch++) {
                chw[ch * n + t] = x[t * c + ch] + pos[t * c + ch];
            }
        }
        float[] s1 = stage(0, chw, g);
        int side = dims.poolSide(queries);
        int win = g / side;
        float[] pooled = new float[c * side * side]; // [C, side, side]
        for (int ch = 0; ch < c; ch++) {
            for (int oy = 0; oy < side; oy++) {
                for (int ox = 0; ox < side; ox++) {
                    double acc = 0;
                    for (int ky = 0; ky < win; ky++) {
                        for (int kx = 0; kx < win; kx++) {
                            acc += s1[ch * n + (oy * win + ky) * g + ox * win + kx];
                        }
                    }
                    pooled[(ch * side + oy) * side + ox] = (float) (acc / (win * win));
                }
            }
        }
        float[] s2 = stage(2, pooled, side);
        int q = side * side;
        float[] tokens = new float[q * c]; // [q, C]
        for (int t = 0; t < q; t++) {
            for (int ch = 0; ch < c; ch++) {
                tokens[t * c + ch] = s2[ch * q + t];
            }
        }
        int d = dims.llmHidden();
        float[] h = linear(tokens, q, c, w(names.readout(0, "weight")), w(names.readout(0, "bias")), d);
        for (int i = 0; i < h.length; i++) {
            h[i] = (float) silu(h[i]);
        }
        return linear(h, q, d, w(names.readout(2, "weight")), w(names.readout(2, "bias")), d);
    }

    /** A RegStage: {@code depth} bottlenecks on {@code [C, side, side]}. */
    private float[] stage(int stage, float[] x, int side) {
        for (int b = 1; b <= dims.depth(); b++) {
            x = bottleneck(stage, b, x, side);
        }
        return x;
    }

    private float[] bottleneck(int stage, int b, float[] x /* [C, side, side] */, int side) {
        int c = dims.width();
        int hw = side * side;
        float[] y = conv1x1(x, c, hw, w(names.block(stage, b, "conv1.conv.weight")));
        layerNorm2d(y, c, hw, stage, b, "conv1", true);
        float[] dw = w(names.block(stage, b, "conv2.conv.weight")); // [C, 1, 3, 3]
        float[] y2 = new float[c * hw];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < side; i++) {
                for (int j = 0; j < side; j++) {
                    double acc = 0;
                    for (int ky = 0; ky < 3; ky++) {
                        for (int kx = 0; kx < 3; kx++) {
                            int yy = i + ky - 1;
                            int xx = j + kx - 1;
                            if (yy >= 0 && yy < side && xx >= 0 && xx < side) {
                                acc += (double) dw[ch * 9 + ky * 3 + kx] * y[ch * hw + yy * side + xx];
                            }
                        }
                    }
                    y2[ch * hw + i * side + j] = (float) acc;
                }
            }
        }
        layerNorm2d(y2, c, hw, stage, b, "conv2", true);
        // squeeze-excite: mean → fc1 (bias) → SiLU → fc2 (bias) → sigmoid → scale
        int se = dims.seWidth();
        float[] f1 = w(names.block(stage, b, "se.fc1.weight")); // [se, C, 1, 1]
        float[] b1 = w(names.block(stage, b, "se.fc1.bias"));
        float[] f2 = w(names.block(stage, b, "se.fc2.weight")); // [C, se, 1, 1]
        float[] b2 = w(names.block(stage, b, "se.fc2.bias"));
        double[] mean = new double[c];
        for (int ch = 0; ch < c; ch++) {
            double acc = 0;
            for (int i = 0; i < hw; i++) {
                acc += y2[ch * hw + i];
            }
            mean[ch] = (float) (acc / hw);
        }
        double[] z = new double[se];
        for (int r = 0; r < se; r++) {
            double acc = b1[r];
            for (int ch = 0; ch < c; ch++) {
                acc += f1[r * c + ch] * mean[ch];
            }
            z[r] = silu(acc);
        }
        for (int ch = 0; ch < c; ch++) {
            double acc = b2[ch];
            for (int r = 0; r < se; r++) {
                acc += f2[ch * se + r] * z[r];
            }
            double gate = 1.0 / (1.0 + Math.exp(-acc));
            for (int i = 0; i < hw; i++) {
                y2[ch * hw + i] = (float) (y2[ch * hw + i] * gate);
            }
        }
        float[] y3 = conv1x1(y2, c, hw, w(names.block(stage, b, "conv3.conv.weight")));
        layerNorm2d(y3, c, hw, stage, b, "conv3", false);
        for (int i = 0; i < y3.length; i++) {
            y3[i] = (float) silu((double) y3[i] + x[i]);
        }
        return y3;
    }

    /** 1×1 conv without bias, weight {@code [Cout, Cin, 1, 1]}, on {@code [Cin, hw]}. */
    private static float[] conv1x1(float[] x, int c, int hw, float[] wt) {
        int cout = wt.length / c;
        float[] y = new float[cout * hw];
        for (int o = 0; o < cout; o++) {
            for (int i = 0; i < hw; i++) {
                double acc = 0;
                for (int ch = 0; ch < c; ch++) {
                    acc += (double) wt[o * c + ch] * x[ch * hw + i];
                }
                y[o * hw + i] = (float) acc;
            }
        }
        return y;
    }

    /** timm LayerNormAct2d: LayerNorm over channels at each position, eps 1e-5, then optional SiLU. */
    private void layerNorm2d(float[] y /* [C, hw] */, int c, int hw, int stage, int b, String conv, boolean act) {
        float[] g = w(names.block(stage, b, conv + ".bn.weight"));
        float[] be = w(names.block(stage, b, conv + ".bn.bias"));
        for (int i = 0; i < hw; i++) {
            double mean = 0;
            for (int ch = 0; ch < c; ch++) {
                mean += y[ch * hw + i];
            }
            mean /= c;
            double var = 0;
            for (int ch = 0; ch < c; ch++) {
                double dv = y[ch * hw + i] - mean;
                var += dv * dv;
            }
            var /= c;
            double inv = 1.0 / Math.sqrt(var + VisionDims.LN2D_EPS);
            for (int ch = 0; ch < c; ch++) {
                double v = (y[ch * hw + i] - mean) * inv * g[ch] + be[ch];
                y[ch * hw + i] = (float) (act ? silu(v) : v);
            }
        }
    }

    /** Row-wise LayerNorm of {@code [n, c]}. */
    static float[] layerNorm(float[] x, int n, int c, float[] g, float[] b, double eps) {
        float[] y = new float[n * c];
        for (int i = 0; i < n; i++) {
            double mean = 0;
            for (int j = 0; j < c; j++) {
                mean += x[i * c + j];
            }
            mean /= c;
            double var = 0;
            for (int j = 0; j < c; j++) {
                double dv = x[i * c + j] - mean;
                var += dv * dv;
            }
            var /= c;
            double inv = 1.0 / Math.sqrt(var + eps);
            for (int j = 0; j < c; j++) {
                y[i * c + j] = (float) ((x[i * c + j] - mean) * inv * g[j] + b[j]);
            }
        }
        return y;
    }

    /** {@code y = x · Wᵀ + b}, x {@code [n, in]}, W {@code [out, in]}. */
    static float[] linear(float[] x, int n, int in, float[] wt, float[] b, int out) {
        float[] y = new float[n * out];
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < out; o++) {
                double acc = b[o];
                for (int k = 0; k < in; k++) {
                    acc += (double) x[i * in + k] * wt[o * in + k];
                }
                y[i * out + o] = (float) acc;
            }
        }
        return y;
    }

    /** {@code gelu_pytorch_tanh}: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
    static double geluTanh(double x) {
        return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
    }

    static double silu(double x) {
        return x / (1 + Math.exp(-x));
    }
}
