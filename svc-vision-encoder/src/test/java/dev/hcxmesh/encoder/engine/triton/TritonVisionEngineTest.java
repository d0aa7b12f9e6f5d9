package dev.hcxmesh.encoder.engine.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.encoder.engine.EngineException;
import dev.hcxmesh.encoder.engine.TinyVisionModel;
import dev.hcxmesh.encoder.engine.VisionDims;
import dev.hcxmesh.encoder.engine.VisionWeightNames;
import dev.hcxmesh.encoder.engine.cpu.CpuVisionEngine;
import dev.hcxmesh.encoder.export.TritonExport;
import dev.hcxmesh.model.config.HcxConfig;
import dev.hcxmesh.model.tensor.Weights;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The KServe v2 client against an in-process server that runs the exported model in ONNX Runtime. */
class TritonVisionEngineTest {
    static HcxConfig cfg;
    static Weights weights;
    static Path dir;
    static FakeTriton fake;
    static Server server;
    static ManagedChannel channel;
    static VisionDims dims;

    @BeforeAll
    static void start() throws Exception {
        cfg = TinyVisionModel.tinyConfig();
        weights = TinyVisionModel.weights(cfg, 42);
        dir = Files.createTempDirectory("triton-test");
        Path model = TritonExport.export(cfg, weights, VisionWeightNames.HF, dir, TritonExport.Settings.defaults());
        fake = new FakeTriton(model.resolve("1/model.onnx"), 64);
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).addService(fake).build().start();
        channel = InProcessChannelBuilder.forName(name).build();
        dims = VisionDims.fromConfig(cfg);
    }

    @AfterAll
    static void stop() throws Exception {
        channel.shutdownNow();
        server.shutdownNow();
        fake.close();
    }

    @BeforeEach
    void reset() {
        fake.reset();
    }

    static TritonVisionEngine engine(Duration deadline, int retries, int breaker, AtomicLong clock) {
        var opts = new TritonVisionEngine.Options(
                "hcx_vision_encoder", "", deadline, retries, Duration.ofMillis(5), 2, breaker, Duration.ofSeconds(10));
        return new TritonVisionEngine(channel, dims, opts, clock::get);
    }

    @Test
    void matchesCpuEngineAcrossBatchesAndPools() {
        List<byte[]> tiles = TinyVisionModel.tiles(3, 5);
        int[] q = {81, 9, 81};
        float[] expected;
        try (var cpu = new CpuVisionEngine(cfg, weights, 2)) {
            expected = cpu.encode(tiles, q);
        }
        float[] got = engine(Duration.ofSeconds(20), 0, 3, new AtomicLong()).encode(tiles, q);
        double rel = TinyVisionModel.relMaxDiff(expected, got);
        System.out.printf("triton(onnxruntime) vs cpu engine: %.3e (max abs diff / max abs)%n", rel);
        assertThat(rel).isLessThan(1e-4);
        assertThat(fake.inferCalls()).isEqualTo(2); // maxBatch 2: tiles [0,1] then [2]
    }

    @Test
    void retriesUnavailableThenSucceeds() {
        fake.failUnavailable(2);
        float[] got = engine(Duration.ofSeconds(20), 3, 3, new AtomicLong())
                .encode(TinyVisionModel.tiles(1, 5), new int[] {9});
        assertThat(got).hasSize(9 * 64);
        assertThat(fake.inferCalls()).isEqualTo(3);
    }

    @Test
    void persistentUnavailableOpensTheBreaker() {
        fake.failUnavailable(1000);
        var clock = new AtomicLong();
        var eng = engine(Duration.ofSeconds(20), 1, 2, clock);
        var tiles = TinyVisionModel.tiles(1, 5);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> eng.encode(tiles, new int[] {81}))
                    .isInstanceOf(EngineException.class)
                    .hasMessageContaining("after 2 attempts")
                    .extracting(e -> ((EngineException) e).code())
                    .isEqualTo(ErrorCode.ENGINE_UNAVAILABLE);
        }
        assertThat(fake.inferCalls()).isEqualTo(4);
        assertThat(eng.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(() -> eng.encode(tiles, new int[] {81})).hasMessageContaining("circuit open");
        assertThat(fake.inferCalls()).isEqualTo(4); // failed fast, nothing sent
        clock.addAndGet(Duration.ofSeconds(11).toNanos());
        fake.failUnavailable(0);
        assertThat(eng.encode(tiles, new int[] {81})).hasSize(81 * 64); // half-open trial succeeds
        assertThat(eng.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void deadlineIsTypedAndNotRetried() {
        var eng = engine(Duration.ofMillis(150), 3, 5, new AtomicLong());
        fake.delay(1000);
        assertThatThrownBy(() -> eng.encode(TinyVisionModel.tiles(1, 5), new int[] {81}))
                .isInstanceOf(EngineException.class)
                .extracting(e -> ((EngineException) e).code())
                .isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
        assertThat(fake.inferCalls()).isEqualTo(1);
    }

    @Test
    void wrongOutputShapeIsRejected() {
        fake.wrongShape(true);
        assertThatThrownBy(() -> engine(Duration.ofSeconds(20), 0, 3, new AtomicLong())
                        .encode(TinyVisionModel.tiles(1, 5), new int[] {81}))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("expected FP32 [1, 81, 64], found FP32 [1, 80, 64]")
                .extracting(e -> ((EngineException) e).code())
                .isEqualTo(ErrorCode.INTERNAL);
    }

    @Test
    void badTileIsRejectedBeforeSending() {
        var eng = engine(Duration.ofSeconds(20), 0, 3, new AtomicLong());
        assertThatThrownBy(() -> eng.encode(List.of(new byte[3]), new int[] {81}))
                .isInstanceOf(EngineException.class)
                .extracting(e -> ((EngineException) e).code())
                .isEqualTo(ErrorCode.MEDIA_UNDECODABLE);
        assertThat(fake.inferCalls()).isZero();
    }

    @Test
    void startupChecksReadinessAndMetadata() {
        fake.ready(false);
        assertThatThrownBy(() -> engine(Duration.ofSeconds(5), 0, 3, new AtomicLong()))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("not ready")
                .extracting(e -> ((EngineException) e).code())
                .isEqualTo(ErrorCode.ENGINE_UNAVAILABLE);
        fake.ready(true);
        fake.metadataHidden(128);
        assertThatThrownBy(() -> engine(Duration.ofSeconds(5), 0, 3, new AtomicLong()))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("image_features: expected FP32 [-1, 81, 64], found FP32 [-1, 81, 128]");
    }
}
