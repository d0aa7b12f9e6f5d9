package dev.hcxmesh.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.model.tensor.DType;
import dev.hcxmesh.model.tensor.Tensor;
import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path tmp;

    @Test
    void writerAndReaderAgreeForEveryDtype() {
        var le16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        MemorySegment bf = MemorySegment.ofArray(new byte[4]);
        bf.setAtIndex(le16, 0, (short) 0x3FC0); // 1.5
        bf.setAtIndex(le16, 1, (short) 0xC000); // -2
        MemorySegment f16 = MemorySegment.ofArray(new byte[4]);
        f16.setAtIndex(le16, 0, Float.floatToFloat16(0.25f));
        f16.setAtIndex(le16, 1, Float.floatToFloat16(-3f));
        Path file = tmp.resolve("t.safetensors");
        SafetensorsWriter.write(
                file,
                List.of(
                        Tensor.ofFloats("a", new float[] {1, 2, 3, 4, 5, 6}, 2, 3),
                        new Tensor("b", DType.BF16, new long[] {2}, bf),
                        new Tensor("c", DType.F16, new long[] {2}, f16)),
                Map.of("format", "pt"));
        try (Safetensors st = Safetensors.openFile(file)) {
            assertThat(st.names()).containsExactly("a", "b", "c");
            Tensor a = st.get("a");
            assertThat(a.shape()).containsExactly(2, 3);
            assertThat(a.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(st.get("b").toFloatArray()).containsExactly(1.5f, -2f);
            assertThat(st.get("c").toFloatArray()).containsExactly(0.25f, -3f);
            assertThat(st.entry("a").dataStart() % 8).isZero(); // header padded to 8
            assertThat(st.headerBytes()).hasSize(1);
        }
    }

    @Test
    void metadataAndEmptyTensorsAreAccepted() {
        Path file = tmp.resolve("t.safetensors");
        TestFiles.raw(
                file,
                "{\"__metadata__\":{\"format\":\"pt\"},\"e\":{\"dtype\":\"F32\",\"shape\":[0,4],\"data_offsets\":[0,0]},"
                        + "\"s\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}",
                ByteBuffer.allocate(4)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putFloat(2.5f)
                        .array());
        try (Safetensors st = Safetensors.openFile(file)) {
            assertThat(st.get("e").numel()).isZero();
            assertThat(st.get("s").getFloat(0)).isEqualTo(2.5f);
        }
    }

    @Test
    void mapsFilesLargerThanTwoGigabytes() throws Exception {
        // sparse: 2.25 GiB of zeros except the last element
        long n = (9L << 28) / 4; // 603,979,776 floats
        String header = "{\"big\":{\"dtype\":\"F32\",\"shape\":[" + n + "],\"data_offsets\":[0," + (n * 4) + "]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        Path file = tmp.resolve("big.safetensors");
        try (var raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(h.length)
                    .array());
            raf.write(h);
            raf.setLength(8 + h.length + n * 4);
            raf.seek(8 + h.length + (n - 1) * 4);
            raf.write(ByteBuffer.allocate(4)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putFloat(42f)
                    .array());
        }
        assertThat(Files.size(file)).isGreaterThan(Integer.MAX_VALUE);
        try (Safetensors st = Safetensors.openFile(file)) {
            Tensor big = st.get("big");
            assertThat(big.numel()).isEqualTo(n);
            assertThat(big.getFloat(n - 1)).isEqualTo(42f);
            assertThat(big.getFloat(n / 2)).isZero();
        }
    }
}
