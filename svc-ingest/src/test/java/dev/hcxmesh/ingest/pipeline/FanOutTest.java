package dev.hcxmesh.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.hcxmesh.api.v1.MediaKind;
import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.events.v1.Frame;
import dev.hcxmesh.events.v1.FrameBatch;
import dev.hcxmesh.events.v1.Manifest;
import dev.hcxmesh.events.v1.MediaRequest;
import dev.hcxmesh.events.v1.Meta;
import dev.hcxmesh.events.v1.TileBatch;
import dev.hcxmesh.events.v1.VisualItemGeometry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FanOutTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 10, 37, 108})
    void everyRecordFitsTheBrokerAndTilesArriveWholeAndInOrder(int tileCount) {
        List<byte[]> tiles = new ArrayList<>();
        for (int i = 0; i < tileCount; i++) {
            byte[] t = new byte[378 * 378 * 3];
            t[0] = (byte) i;
            tiles.add(t);
        }
        var geometry = VisualItemGeometry.newBuilder()
                .setKind(MediaKind.VIDEO)
                .setTileCount(tileCount)
                .build();
        var frame = Frame.newBuilder()
                .setPng(ByteString.copyFrom(new byte[900_000]))
                .build();
        var item = new PreparedItem(geometry, tiles, List.of(frame, frame, frame, frame), "video/mp4", "clip.mp4");
        var meta = Meta.newBuilder().setRequestId("job").build();
        var records =
                FanOut.records(MediaRequest.getDefaultInstance(), meta, List.of(item), true, Duration.ofSeconds(5));

        int next = 0;
        int frames = 0;
        for (var r : records) {
            assertThat(r.key()).isEqualTo("job");
            assertThat(r.value().getSerializedSize()).isLessThan(Topics.MAX_RECORD_BYTES);
            if (r.value() instanceof TileBatch b) {
                assertThat(b.getFirstTile()).isEqualTo(next);
                for (var t : b.getTilesList()) {
                    assertThat(t.size()).isEqualTo(378 * 378 * 3);
                    assertThat(t.byteAt(0)).isEqualTo((byte) next++);
                }
            } else if (r.value() instanceof FrameBatch f) {
                frames += f.getFramesCount();
                assertThat(f.getPartCount()).isGreaterThanOrEqualTo(1);
            }
        }
        assertThat(next).isEqualTo(tileCount);
        assertThat(frames).isEqualTo(4);
        assertThat(records.getLast().value()).isInstanceOf(Manifest.class);
    }

    @org.junit.jupiter.api.Test
    void theManifestCarriesTheRequestsPurpose() {
        var geometry = VisualItemGeometry.newBuilder()
                .setKind(MediaKind.IMAGE)
                .setTileCount(1)
                .build();
        var item = new PreparedItem(geometry, List.of(new byte[378 * 378 * 3]), List.of(), "image/png", "a.png");
        var request = MediaRequest.newBuilder()
                .setPurpose(dev.hcxmesh.events.v1.Purpose.PURPOSE_EMBED)
                .build();
        var records = FanOut.records(
                request, Meta.newBuilder().setRequestId("e").build(), List.of(item), false, Duration.ofSeconds(5));
        var manifest = (Manifest) records.getLast().value();
        assertThat(manifest.getPurpose()).isEqualTo(dev.hcxmesh.events.v1.Purpose.PURPOSE_EMBED);
        assertThat(manifest.getExpectEnrichment()).isFalse();
        assertThat(records).noneMatch(r -> r.value() instanceof FrameBatch);
    }
}
