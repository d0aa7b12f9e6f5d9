package dev.hcxmesh.encoder.export;

import dev.hcxmesh.encoder.engine.VisionDims;
import dev.hcxmesh.encoder.engine.VisionWeightNames;
import dev.hcxmesh.model.config.HcxConfig;
import dev.hcxmesh.model.tensor.Weights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the vision tower plus C-Abstractor as one ONNX graph of standard opset-17 ops: input
 * {@code pixel_values [N, 3, S, S]} (already normalised), outputs {@code image_features [N, 81, D]}
 * (9×9 pool) and {@code image_features_fast [N, 9, D]} (3×3 pool, video fast grids), sharing the
 * tower and s1. Same math as {@code NaiveVisionEngine}.
 */
public final class VisionOnnxExporter {
    /** Input name. */
    public static final String INPUT = "pixel_values";
    /** 9×9-pool output name. */
    public static final String OUTPUT = "image_features";
    /** 3×3-pool output name. */
    public static final String OUTPUT_FAST = "image_features_fast";

    /** Above this many initializer bytes the weights go to an external data file. */
    static final long EXTERNAL_THRESHOLD = 1_800_000_000L;

    private final HcxConfig config;
    private final Weights w;
    private final VisionWeightNames n;
    private final VisionDims dims;
    private OnnxGraph g;
    private final java.util.Set<String> added = new java.util.HashSet<>();

    public VisionOnnxExporter(HcxConfig config, Weights weights, VisionWeightNames names) {
        this.config = config;
        this.w = weights;
        this.n = names;
        this.dims = VisionDims.of(config, weights, names);
    }

    public VisionDims dims() {
        return dims;
    }

    /** Builds and writes {@code model} (plus {@code model.onnx.data} for a model over 1.8 GB of weights). */
    public void write(Path model) throws IOException {
        write(model, EXTERNAL_THRESHOLD);
    }

    /**
     * Builds and writes {@code model}; when the initializers exceed {@code externalThreshold} bytes
     * they go to {@code <model>.data} beside it (ONNX external data), keeping the protobuf under 2 GB.
     */
    public void write(Path model, long externalThreshold) throws IOException {
        g = new OnnxGraph();
        added.clear();
        build();
        boolean external = g.initializerBytes() > externalThreshold;
        g.write(
                model,
                "hcx_vision_encoder",
                "HyperCLOVAX-SEED-Vision SigLIP + C-Abstractor, " + dims.layersRun()
                        + " layers, no post-LN; model_type " + config.modelType(),
                external);
    }

    private float[] f(String name) {
        return w.get(name).toFloatArray();
    }

    /** A checkpoint tensor as an initializer, added once even when both pool branches use it. */
    private String init(String name, long... shape) {
        return added.add(name) ? g.floats(name, f(name), shape) : name;
    }

    /** A Linear weight {@code [out, in]} as a MatMul right operand {@code [in, out]}. */
    private String linearT(String name, int out, int in) {
        if (!added.add(name + ".T")) {
            return name + ".T";
        }
        float[] src = f(name);
        float[] t = new float[src.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                t[i * out + o] = src[o * in + i];
            }
        }
        return g.floats(name + ".T", t, in, out);
    }

    private String linear(String x, String weight, String bias, int out, int in) {
        return g.op("Add", g.op("MatMul", x, linearT(weight, out, in)), init(bias, out));
    }

    private String silu(String x) {
        return g.op("Mul", x, g.op("Sigmoid", x));
    }

    private void build() {
        int c = dims.width();
        int s = dims.imageSize();
        int p = dims.patch();
        int grid = dims.grid();
        int tokens = dims.tokens();
        g.input(INPUT, -1, 3, s, s);
        String x = g.op(
                "Conv",
                List.of(INPUT, init(n.patchWeight(), c, 3, p, p), init(n.patchBias(), c)),
                OnnxGraph.ints("kernel_shape", p, p),
                OnnxGraph.ints("strides", p, p));
        x = g.op("Reshape", x, g.int64s(0, c, tokens)); // [N, C, 729]
        x = g.op("Transpose", List.of(x), OnnxGraph.ints("perm", 0, 2, 1)); // [N, 729, C]
        x = g.op("Add", x, init(n.positionEmbedding(), tokens, c));
        for (int l = 0; l < dims.layersRun(); l++) {
            x = encoderLayer(l, x);
        }
        // C-Abstractor
        x = g.op("Add", x, init(n.projectorPosEmb(), 1, tokens, c));
        x = g.op("Transpose", List.of(x), OnnxGraph.ints("perm", 0, 2, 1)); // [N, C, 729]
        x = g.op("Reshape", x, g.int64s(0, c, grid, grid)); // [N, C, 27, 27]
        for (int b = 1; b <= dims.depth(); b++) {
            x = bottleneck(0, b, x);
        }
        branch(x, 9, OUTPUT);
        branch(x, 3, OUTPUT_FAST);
    }

    /** Pool to {@code side}², s2, readout; declares the graph output. */
    private void branch(String x, int side, String outName) {
        int c = dims.width();
        int d = dims.llmHidden();
        int win = dims.grid() / side;
        String y = g.op(
                "AveragePool",
                List.of(x),
                OnnxGraph.ints("kernel_shape", win, win),
                OnnxGraph.ints("strides", win, win));
        for (int b = 1; b <= dims.depth(); b++) {
            y = bottleneck(2, b, y);
        }
        y = g.op("Reshape", y, g.int64s(0, c, side * side));
        y = g.op("Transpose", List.of(y), OnnxGraph.ints("perm", 0, 2, 1)); // [N, q, C]
        y = silu(linear(y, n.readout(0, "weight"), n.readout(0, "bias"), d, c));
        y = linear(y, n.readout(2, "weight"), n.readout(2, "bias"), d, d);
        g.identity(y, outName);
        g.output(outName, -1, side * side, d);
    }

    private String encoderLayer(int l, String x /* [N, 729, C] */) {
        int c = dims.width();
        int heads = dims.heads();
        int hd = dims.headDim();
        int t = dims.tokens();
        float eps = (float) dims.lnEps();
        String h = layerNorm(x, init(n.layerNorm(l, 1, "weight"), c), init(n.layerNorm(l, 1, "bias"), c), eps);
        String q = linear(h, n.attn(l, "q", "weight"), n.attn(l, "q", "bias"), c, c);
        String k = linear(h, n.attn(l, "k", "weight"), n.attn(l, "k", "bias"), c, c);
        String v = linear(h, n.attn(l, "v", "weight"), n.attn(l, "v", "bias"), c, c);
        String split = g.int64s(0, t, heads, hd);
        q = g.op("Transpose", List.of(g.op("Reshape", q, split)), OnnxGraph.ints("perm", 0, 2, 1, 3)); // [N,H,t,hd]
        k = g.op("Transpose", List.of(g.op("Reshape", k, split)), OnnxGraph.ints("perm", 0, 2, 3, 1)); // [N,H,hd,t]
        v = g.op("Transpose", List.of(g.op("Reshape", v, split)), OnnxGraph.ints("perm", 0, 2, 1, 3)); // [N,H,t,hd]
        String scores = g.op("Mul", g.op("MatMul", q, k), g.scalar((float) (1.0 / Math.sqrt(hd)))); // [N,H,t,t]
        String probs = g.op("Softmax", List.of(scores), OnnxGraph.intAttr("axis", -1));
        String ctx = g.op("Transpose", List.of(g.op("MatMul", probs, v)), OnnxGraph.ints("perm", 0, 2, 1, 3));
        ctx = g.op("Reshape", ctx, g.int64s(0, t, c)); // [N, t, C]
        x = g.op("Add", x, linear(ctx, n.attn(l, "out", "weight"), n.attn(l, "out", "bias"), c, c));
        h = layerNorm(x, init(n.layerNorm(l, 2, "weight"), c), init(n.layerNorm(l, 2, "bias"), c), eps);
        h = linear(h, n.mlp(l, 1, "weight"), n.mlp(l, 1, "bias"), dims.mlp(), c);
        h = geluTanh(h);
        h = linear(h, n.mlp(l, 2, "weight"), n.mlp(l, 2, "bias"), c, dims.mlp());
        return g.op("Add", x, h);
    }

    private String layerNorm(String x, String scale, String bias, float eps) {
        return g.op(
                "LayerNormalization",
                List.of(x, scale, bias),
                OnnxGraph.intAttr("axis", -1),
                OnnxGraph.floatAttr("epsilon", eps));
    }

    /** 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
    private String geluTanh(String x) {
        String x3 = g.op("Mul", g.op("Mul", x, x), x);
        String inner = g.op("Add", x, g.op("Mul", x3, g.scalar(0.044715f)));
        String th = g.op("Tanh", g.op("Mul", inner, g.scalar((float) Math.sqrt(2 / Math.PI))));
        return g.op("Mul", g.op("Mul", x, g.scalar(0.5f)), g.op("Add", th, g.scalar(1f)));
    }

    /** timm LayerNormAct2d on NCHW: LayerNorm over C at each position (eps 1e-5), optional SiLU. */
    private String layerNorm2d(String x, int stage, int b, String conv, boolean act) {
        int c = dims.width();
        String nhwc = g.op("Transpose", List.of(x), OnnxGraph.ints("perm", 0, 2, 3, 1));
        String ln = layerNorm(
                nhwc,
                init(n.block(stage, b, conv + ".bn.weight"), c),
                init(n.block(stage, b, conv + ".bn.bias"), c),
                (float) VisionDims.LN2D_EPS);
        String y = g.op("Transpose", List.of(ln), OnnxGraph.ints("perm", 0, 3, 1, 2));
        return act ? silu(y) : y;
    }

    private String bottleneck(int stage, int b, String x /* [N, C, h, w] */) {
        int c = dims.width();
        int se = dims.seWidth();
        String y = g.op("Conv", x, init(n.block(stage, b, "conv1.conv.weight"), c, c, 1, 1));
        y = layerNorm2d(y, stage, b, "conv1", true);
        y = g.op(
                "Conv",
                List.of(y, init(n.block(stage, b, "conv2.conv.weight"), c, 1, 3, 3)),
                OnnxGraph.intAttr("group", c),
                OnnxGraph.ints("kernel_shape", 3, 3),
                OnnxGraph.ints("pads", 1, 1, 1, 1));
        y = layerNorm2d(y, stage, b, "conv2", true);
        String m = g.op("ReduceMean", List.of(y), OnnxGraph.ints("axes", 2, 3), OnnxGraph.intAttr("keepdims", 1));
        m = g.op(
                "Conv",
                m,
                init(n.block(stage, b, "se.fc1.weight"), se, c, 1, 1),
                init(n.block(stage, b, "se.fc1.bias"), se));
        m = silu(m);
        m = g.op(
                "Conv",
                m,
                init(n.block(stage, b, "se.fc2.weight"), c, se, 1, 1),
                init(n.block(stage, b, "se.fc2.bias"), c));
        y = g.op("Mul", y, g.op("Sigmoid", m));
        y = g.op("Conv", y, init(n.block(stage, b, "conv3.conv.weight"), c, c, 1, 1));
        y = layerNorm2d(y, stage, b, "conv3", false);
        return silu(g.op("Add", y, x));
    }
}
