package dev.hcxmesh.encoder.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.hcxmesh.encoder.engine.TileInput;
import dev.hcxmesh.encoder.engine.TinyVisionModel;
import dev.hcxmesh.encoder.engine.VisionWeightNames;
import dev.hcxmesh.encoder.engine.cpu.CpuVisionEngine;
import dev.hcxmesh.model.config.HcxConfig;
import dev.hcxmesh.model.tensor.Weights;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exported ONNX graph, run by ONNX Runtime, against the CPU engine (fp32, tolerance 1e-4). */
class VisionOnnxExportTest {

    @Test
    void onnxRuntimeMatchesCpuEngine(@TempDir Path dir) throws Exception {
        HcxConfig cfg = TinyVisionModel.tinyConfig();
        Weights w = TinyVisionModel.weights(cfg, 42);
        Path modelDir = TritonExport.export(cfg, w, VisionWeightNames.HF, dir, TritonExport.Settings.defaults());
        Path onnx = modelDir.resolve("1/model.onnx");
        assertThat(onnx).exists();
        String pbtxt = Files.readString(modelDir.resolve("config.pbtxt"));
        assertThat(pbtxt)
                .contains("platform: \"onnxruntime_onnx\"")
                .contains("name: \"pixel_values\"")
                .contains("dims: [ 3, 378, 378 ]")
                .contains("dims: [ 81, 64 ]")
                .contains("dims: [ 9, 64 ]")
                .contains("max_queue_delay_microseconds: 2000")
                .contains("kind: KIND_GPU");

        List<byte[]> tiles = TinyVisionModel.tiles(2, 11);
        float[] expected81;
        float[] expected9;
        try (var cpu = new CpuVisionEngine(cfg, w, 2)) {
            expected81 = cpu.encode(tiles, new int[] {81, 81});
            expected9 = cpu.encode(tiles, new int[] {9, 9});
        }
        var env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions())) {
            assertThat(session.getInputNames()).containsExactly(VisionOnnxExporter.INPUT);
            float[] pix = TileInput.toNchw(tiles, new CpuVisionEngine(cfg, w, 1).dims());
            try (var input = OnnxTensor.createTensor(env, FloatBuffer.wrap(pix), new long[] {2, 3, 378, 378});
                    var result = session.run(Map.of(VisionOnnxExporter.INPUT, input))) {
                float[] got81 = flat(result.get(VisionOnnxExporter.OUTPUT).get());
                float[] got9 = flat(result.get(VisionOnnxExporter.OUTPUT_FAST).get());
                double d81 = TinyVisionModel.relMaxDiff(expected81, got81);
                double d9 = TinyVisionModel.relMaxDiff(expected9, got9);
                System.out.printf(
                        "onnxruntime vs cpu engine: 81-query %.3e, 9-query %.3e (max abs diff / max abs); max abs diff %.3e%n",
                        d81, d9, d81 * maxAbs(expected81));
                assertThat(d81).isLessThan(1e-4);
                assertThat(d9).isLessThan(1e-4);
            }
        }
    }

    @Test
    void externalDataModelLoadsAndMatches(@TempDir Path dir) throws Exception {
        HcxConfig cfg = TinyVisionModel.tinyConfig();
        Weights w = TinyVisionModel.weights(cfg, 42);
        Path onnx = dir.resolve("model.onnx");
        new VisionOnnxExporter(cfg, w, VisionWeightNames.HF).write(onnx, 0);
        assertThat(dir.resolve("model.onnx.data")).exists();
        assertThat(Files.size(onnx)).isLessThan(Files.size(dir.resolve("model.onnx.data")));
        List<byte[]> tiles = TinyVisionModel.tiles(1, 3);
        float[] expected;
        float[] pix;
        try (var cpu = new CpuVisionEngine(cfg, w, 1)) {
            expected = cpu.encode(tiles, new int[] {81});
            pix = TileInput.toNchw(tiles, cpu.dims());
        }
        var env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
                var input = OnnxTensor.createTensor(env, FloatBuffer.wrap(pix), new long[] {1, 3, 378, 378});
                var result = session.run(Map.of(VisionOnnxExporter.INPUT, input))) {
            float[] got = flat(result.get(VisionOnnxExporter.OUTPUT).get());
            assertThat(TinyVisionModel.relMaxDiff(expected, got)).isLessThan(1e-4);
        }
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float x : a) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    private static float[] flat(ai.onnxruntime.OnnxValue v) {
        FloatBuffer b = ((OnnxTensor) v).getFloatBuffer();
        float[] out = new float[b.remaining()];
        b.get(out);
        return out;
    }
}
