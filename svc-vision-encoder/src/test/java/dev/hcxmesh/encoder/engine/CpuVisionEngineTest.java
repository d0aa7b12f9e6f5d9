package dev.hcxmesh.encoder.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.encoder.engine.cpu.CpuVisionEngine;
import dev.hcxmesh.encoder.engine.reference.NaiveVisionEngine;
import dev.hcxmesh.model.config.HcxConfig;
import dev.hcxmesh.model.tensor.Weights;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Vector API engine against the scalar oracle on tiny random weights with real tile geometry. */
class CpuVisionEngineTest {
    static HcxConfig cfg;
    static Weights weights;
    static List<byte[]> tiles;
    static int[] queries = {81, 9, 81};
    static float[] expected;

    @BeforeAll
    static void oracle() {
        cfg = TinyVisionModel.tinyConfig();
        weights = TinyVisionModel.weights(cfg, 42);
        tiles = TinyVisionModel.tiles(3, 7);
        expected = new NaiveVisionEngine(cfg, weights).encode(tiles, queries);
    }

    @Test
    void f32MatchesNaiveWithinOneInTenThousand() {
        try (var cpu = new CpuVisionEngine(cfg, weights, VisionWeightNames.HF, 2, CpuVisionEngine.Storage.F32)) {
            float[] got = cpu.encode(tiles, queries);
            assertThat(got).hasSize((81 + 9 + 81) * 64);
            double rel = TinyVisionModel.relMaxDiff(expected, got);
            System.out.printf("cpu-f32 vs naive: max abs diff / max abs = %.3e%n", rel);
            assertThat(rel).isLessThan(1e-4);
        }
    }

    @Test
    void singleThreadEqualsTwoThreads() {
        try (var one = new CpuVisionEngine(cfg, weights, 1);
                var two = new CpuVisionEngine(cfg, weights, 2)) {
            assertThat(one.encode(tiles.subList(0, 1), new int[] {81}))
                    .containsExactly(two.encode(tiles.subList(0, 1), new int[] {81}));
        }
    }

    @Test
    void bf16StorageStaysClose() {
        try (var cpu = new CpuVisionEngine(cfg, weights, VisionWeightNames.HF, 2, CpuVisionEngine.Storage.BF16)) {
            double rel = TinyVisionModel.relMaxDiff(expected, cpu.encode(tiles, queries));
            System.out.printf("cpu-bf16 vs naive: max abs diff / max abs = %.3e%n", rel);
            assertThat(rel).isLessThan(3e-2);
        }
    }

    @Test
    void badInputIsTyped() {
        try (var cpu = new CpuVisionEngine(cfg, weights, 1)) {
            assertThatThrownBy(() -> cpu.encode(List.of(new byte[10]), new int[] {81}))
                    .isInstanceOf(EngineException.class)
                    .hasMessageContaining("expected 428652 bytes")
                    .extracting(e -> ((EngineException) e).code())
                    .isEqualTo(ErrorCode.MEDIA_UNDECODABLE);
            assertThatThrownBy(() -> cpu.encode(tiles.subList(0, 1), new int[] {16}))
                    .isInstanceOf(EngineException.class)
                    .hasMessageContaining("got 16");
        }
    }
}
