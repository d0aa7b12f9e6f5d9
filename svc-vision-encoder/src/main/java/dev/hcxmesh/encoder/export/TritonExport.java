package dev.hcxmesh.encoder.export;

import dev.hcxmesh.encoder.engine.VisionWeightNames;
import dev.hcxmesh.model.config.HcxConfig;
import dev.hcxmesh.model.tensor.Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a Triton model repository for the vision encoder: {@code <out>/hcx_vision_encoder/config.pbtxt}
 * (onnxruntime backend, dynamic batching) and {@code <out>/hcx_vision_encoder/1/model.onnx}.
 *
 * <p>The CLI ({@link #main}) needs a checkpoint loader to build {@link Weights} and {@link HcxConfig};
 * until the central {@code dev.hcxmesh.model.checkpoint.Checkpoint} exists it is wired through
 * {@link #export} by the caller.
 */
public final class TritonExport {
    /** Model name in the repository and in KServe calls. */
    public static final String MODEL_NAME = "hcx_vision_encoder";

    /**
     * Batching and placement settings written to {@code config.pbtxt}.
     *
     * @param maxBatchSize largest batch Triton forms (tiles)
     * @param preferredBatchSizes batch sizes Triton waits for
     * @param maxQueueDelayMicros how long a request may wait for a batch to fill
     * @param instanceCount model instances per GPU
     * @param kind {@code KIND_GPU} or {@code KIND_CPU}
     */
    public record Settings(
            int maxBatchSize, int[] preferredBatchSizes, int maxQueueDelayMicros, int instanceCount, String kind) {
        public Settings {
            if (maxBatchSize < 1 || instanceCount < 1) {
                throw new IllegalArgumentException(
                        "maxBatchSize and instanceCount must be >= 1, got " + maxBatchSize + ", " + instanceCount);
            }
            for (int b : preferredBatchSizes) {
                if (b < 1 || b > maxBatchSize) {
                    throw new IllegalArgumentException("preferred batch size " + b + " outside 1.." + maxBatchSize);
                }
            }
            preferredBatchSizes = preferredBatchSizes.clone();
        }

        /** One image's tiles (10) or a full video canvas batch per step, one GPU instance. */
        public static Settings defaults() {
            return new Settings(32, new int[] {10, 20, 30}, 2000, 1, "KIND_GPU");
        }

        @Override
        public int[] preferredBatchSizes() {
            return preferredBatchSizes.clone();
        }
    }

    private TritonExport() {}

    /** Writes the repository; returns the model directory. */
    public static Path export(HcxConfig config, Weights weights, VisionWeightNames names, Path repo, Settings s)
            throws IOException {
        var exporter = new VisionOnnxExporter(config, weights, names);
        Path modelDir = repo.resolve(MODEL_NAME);
        Files.createDirectories(modelDir.resolve("1"));
        exporter.write(modelDir.resolve("1").resolve("model.onnx"));
        var d = exporter.dims();
        Files.writeString(modelDir.resolve("config.pbtxt"), configPbtxt(d.imageSize(), d.llmHidden(), s));
        return modelDir;
    }

    /** The Triton model configuration text. */
    static String configPbtxt(int imageSize, int llmHidden, Settings s) {
        var sb = new StringBuilder();
        sb.append("name: \"").append(MODEL_NAME).append("\"\n");
        sb.append("platform: \"onnxruntime_onnx\"\n");
        sb.append("max_batch_size: ").append(s.maxBatchSize()).append('\n');
        sb.append("input [\n  {\n    name: \"")
                .append(VisionOnnxExporter.INPUT)
                .append("\"\n    data_type: TYPE_FP32\n    dims: [ 3, ")
                .append(imageSize)
                .append(", ")
                .append(imageSize)
                .append(" ]\n  }\n]\n");
        sb.append("output [\n");
        output(sb, VisionOnnxExporter.OUTPUT, 81, llmHidden);
        sb.append(",\n");
        output(sb, VisionOnnxExporter.OUTPUT_FAST, 9, llmHidden);
        sb.append("\n]\n");
        sb.append("dynamic_batching {\n  preferred_batch_size: [ ");
        int[] pref = s.preferredBatchSizes();
        for (int i = 0; i < pref.length; i++) {
            sb.append(i > 0 ? ", " : "").append(pref[i]);
        }
        sb.append(" ]\n  max_queue_delay_microseconds: ")
                .append(s.maxQueueDelayMicros())
                .append("\n}\n");
        sb.append(String.format(
                Locale.ROOT,
                "instance_group [\n  {\n    count: %d\n    kind: %s\n  }\n]\n",
                s.instanceCount(),
                s.kind()));
        return sb.toString();
    }

    private static void output(StringBuilder sb, String name, int tokens, int d) {
        sb.append("  {\n    name: \"")
                .append(name)
                .append("\"\n    data_type: TYPE_FP32\n    dims: [ ")
                .append(tokens)
                .append(", ")
                .append(d)
                .append(" ]\n  }");
    }

    /**
     * CLI: {@code TritonExport <checkpoint-dir|hf-id> <model-repository-dir>}: reads an HF checkpoint and
     * writes the Triton model repository (no Python needed).
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: TritonExport <checkpoint-dir|org/name> <model-repository-dir>");
            System.exit(2);
        }
        Path source = dev.hcxmesh.model.hub.ModelResolver.resolve(args[0]);
        try (var ck = dev.hcxmesh.model.checkpoint.Checkpoint.open(source)) {
            Path dir = export(ck.config(), ck.tensors(), VisionWeightNames.HF, Path.of(args[1]), Settings.defaults());
            System.out.println("wrote " + dir);
        }
    }
}
