package dev.hcxmesh.decoder.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.hcxmesh.events.v1.Enrichment;
import dev.hcxmesh.events.v1.EnrichmentStatus;
import dev.hcxmesh.events.v1.Manifest;
import dev.hcxmesh.events.v1.ManifestItem;
import dev.hcxmesh.events.v1.Meta;
import dev.hcxmesh.events.v1.VisualEmbeddings;
import dev.hcxmesh.model.tensor.Bf16;
import org.junit.jupiter.api.Test;

class RequestJoinTest {
    private static final Meta META = Meta.newBuilder().setRequestId("r1").build();

    private static Manifest manifest(boolean enrichment, long deadlineMs) {
        return Manifest.newBuilder()
                .setMeta(META)
                .addItems(ManifestItem.newBuilder().setItemIndex(0))
                .setExpectEnrichment(enrichment)
                .setEnrichmentDeadlineMs(deadlineMs)
                .build();
    }

    private static VisualEmbeddings chunk(int part, int parts, int offset, int count, float value) {
        float[] rows = new float[count * 2];
        java.util.Arrays.fill(rows, value);
        return VisualEmbeddings.newBuilder()
                .setMeta(META)
                .setPartIndex(part)
                .setPartCount(parts)
                .setTokenOffset(offset)
                .setTokenCount(count)
                .setTotalTokens(3)
                .setHidden(2)
                .setDtype("BF16")
                .setData(ByteString.copyFrom(Bf16.pack(rows, 0, rows.length)))
                .build();
    }

    @Test
    void readyOnlyWhenEveryPartIsThereInAnyOrder() {
        var join = new RequestJoin();
        assertThat(join.add(chunk(1, 2, 2, 1, 2f))).isTrue();
        assertThat(join.ready(0)).isFalse();
        assertThat(join.add(manifest(false, 0))).isTrue();
        assertThat(join.ready(0)).isFalse();
        assertThat(join.add(chunk(1, 2, 2, 1, 2f))).as("duplicate chunk").isFalse();
        assertThat(join.add(chunk(0, 2, 0, 2, 1f))).isTrue();
        assertThat(join.ready(0)).isTrue();
        var request = join.start();
        assertThat(request.items().getFirst().rows()).containsExactly(1f, 1f, 1f, 1f, 2f, 2f);
        assertThat(join.ready(0)).as("starts once").isFalse();
    }

    @Test
    void waitsForEnrichmentUntilTheDeadlineThenGoesOnWithoutIt() {
        var join = new RequestJoin();
        join.add(manifest(true, 1000));
        join.add(chunk(0, 1, 0, 3, 1f));
        assertThat(join.ready(5_000)).isFalse();
        assertThat(join.ready(5_999)).isFalse();
        assertThat(join.ready(6_000)).isTrue();
        assertThat(join.start().enrichmentLate()).isTrue();
    }

    @Test
    void joinsEnrichmentPartsAndSkipsFailedOnes() {
        var join = new RequestJoin();
        join.add(manifest(true, 1000));
        join.add(chunk(0, 1, 0, 3, 1f));
        join.add(Enrichment.newBuilder()
                .setMeta(META)
                .setPartIndex(0)
                .setPartCount(2)
                .setOcr("서울 Seoul")
                .setStatus(EnrichmentStatus.ENRICHMENT_OK)
                .build());
        assertThat(join.ready(0)).isFalse();
        join.add(Enrichment.newBuilder()
                .setMeta(META)
                .setPartIndex(1)
                .setPartCount(2)
                .setOcr("garbage")
                .setStatus(EnrichmentStatus.ENRICHMENT_FAILED)
                .build());
        assertThat(join.ready(0)).isTrue();
        var item = join.start().items().getFirst();
        assertThat(item.ocr()).isEqualTo("서울 Seoul");
    }

    @Test
    void chunkThatDoesNotFitIsRejected() {
        var join = new RequestJoin();
        join.add(chunk(0, 2, 0, 2, 1f));
        assertThatThrownBy(() -> join.add(chunk(1, 2, 2, 5, 1f))).hasMessageContaining("does not fit");
    }
}
