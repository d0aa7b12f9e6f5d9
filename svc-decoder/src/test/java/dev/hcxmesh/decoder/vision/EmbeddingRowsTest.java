package dev.hcxmesh.decoder.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.hcxmesh.events.v1.VisualEmbeddings;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class EmbeddingRowsTest {

    private static VisualEmbeddings chunk(int part, int offset, int count, String dtype, float base) {
        int hidden = 2;
        var b = ByteBuffer.allocate(count * hidden * (dtype.equals("BF16") ? 2 : 4))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count * hidden; i++) {
            float v = base + i;
            if (dtype.equals("BF16")) {
                b.putShort((short) (Float.floatToIntBits(v) >>> 16));
            } else {
                b.putFloat(v);
            }
        }
        return VisualEmbeddings.newBuilder()
                .setPartIndex(part)
                .setPartCount(2)
                .setTokenOffset(offset)
                .setTokenCount(count)
                .setHidden(hidden)
                .setTotalTokens(3)
                .setDtype(dtype)
                .setData(ByteString.copyFrom(b.array()))
                .build();
    }

    @Test
    void assemblesChunksInAnyOrderAndIgnoresDuplicates() {
        var second = chunk(1, 2, 1, "FP32", 40f); // [1, 2]
        var rows = EmbeddingRows.of(second);
        assertThat(rows.add(second)).isTrue();
        assertThat(rows.add(second)).isFalse();
        assertThat(rows.complete()).isFalse();
        assertThat(rows.add(chunk(0, 0, 2, "BF16", 1f))).isTrue(); // [2, 2]
        assertThat(rows.complete()).isTrue();
        var e = rows.embedding();
        assertThat(e.count()).isEqualTo(3);
        assertThat(e.hidden()).isEqualTo(2);
        assertThat(e.rows()).containsExactly(1f, 2f, 3f, 4f, 40f, 41f);
    }

    @Test
    void aChunkThatDoesNotFitIsRefusedWithItsShape() {
        var rows = EmbeddingRows.of(chunk(0, 0, 2, "BF16", 1f));
        assertThatThrownBy(() -> rows.add(chunk(1, 2, 2, "BF16", 1f)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[2+2, 2] does not fit [3, 2]");
        assertThatThrownBy(() -> rows.add(
                        chunk(1, 2, 1, "F16", 1f).toBuilder().setDtype("F16").build()))
                .hasMessageContaining("dtype 'F16'");
        assertThatThrownBy(rows::embedding).isInstanceOf(IllegalStateException.class);
    }
}
