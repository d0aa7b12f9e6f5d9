package dev.hcxmesh.ingest.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.events.v1.Meta;
import dev.hcxmesh.ingest.video.SampledFrame;
import dev.hcxmesh.ingest.video.StreamStats;
import dev.hcxmesh.ingest.video.VideoChunk;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveChunkJobsTest {

    private static VideoChunk chunk(long index, long start, long end) {
        return new VideoChunk("s", index, start, end, List.of(new SampledFrame(start, 2, 2, new byte[12])), false);
    }

    @Test
    void chunkMetaIsItsOwnJobOfTheStream() {
        var parent = Meta.newBuilder()
                .setRequestId("job-1")
                .setIdempotencyKey("key-9")
                .setTenant("t")
                .build();
        var meta = ChunkJobs.chunkMeta(parent, "job-1", chunk(3, 6000, 8000));
        assertThat(meta.getRequestId()).isEqualTo("job-1/3");
        assertThat(meta.getStreamId()).isEqualTo("job-1");
        assertThat(meta.getChunkIndex()).isEqualTo(3);
        assertThat(meta.getChunkStartMs()).isEqualTo(6000);
        assertThat(meta.getChunkEndMs()).isEqualTo(8000);
        assertThat(meta.getIdempotencyKey()).isEqualTo("key-9/3");
        assertThat(meta.getTenant()).isEqualTo("t");
    }

    @Test
    void anEmptyIdempotencyKeyStaysEmpty() {
        var meta = ChunkJobs.chunkMeta(Meta.newBuilder().setRequestId("j").build(), "cam", chunk(0, 0, 1));
        assertThat(meta.getIdempotencyKey()).isEmpty();
        assertThat(meta.getStreamId()).isEqualTo("cam");
    }

    @Test
    void summaryCountsChunks() {
        var stats = new StreamStats(200, 50, 0, 2, 11, 1, 2, 0, 0, 1, 0, 3);
        assertThat(ChunkJobs.summary(11, stats))
                .contains("11 chunk(s) published")
                .contains("2 dropped")
                .contains("1 empty")
                .contains("2 scene cut(s)");
    }
}
