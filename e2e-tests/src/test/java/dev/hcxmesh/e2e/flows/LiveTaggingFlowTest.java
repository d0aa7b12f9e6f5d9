package dev.hcxmesh.e2e.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.api.v1.ErrorDetail;
import dev.hcxmesh.api.v1.JobResult;
import org.junit.jupiter.api.Test;

class LiveTaggingFlowTest {
    @Test
    void chunkJobIdsAreStreamJobSlashIndex() {
        assertThat(LiveTaggingFlow.chunkIndexOf("job-1", "job-1/7")).contains(7L);
        assertThat(LiveTaggingFlow.chunkIndexOf("job-1", "job-12/7")).isEmpty();
        assertThat(LiveTaggingFlow.chunkIndexOf("job-1", "job-1")).isEmpty();
        assertThat(LiveTaggingFlow.chunkIndexOf("job-1", "job-1/x")).isEmpty();
    }

    @Test
    void tagsFromJsonOrFromPlainText() {
        assertThat(LiveTaggingFlow.tagsOf("{\"tags\":[\"news\", \" studio \",\"\"]}"))
                .containsExactly("news", "studio");
        assertThat(LiveTaggingFlow.tagsOf("football, stadium\ncrowd")).containsExactly("football", "stadium", "crowd");
    }

    @Test
    void latencyIsResultTimeMinusChunkEndOnTheWallClock() {
        var r = JobResult.newBuilder()
                .setFinishReason("stop")
                .setText("{\"tags\":[\"news\"]}")
                .setChunkStartMs(2000)
                .setChunkEndMs(4000)
                .build();
        var c = LiveTaggingFlow.report(1, r, 10_000 + 4000 + 850, 10_000);
        assertThat(c.latencyMs()).isEqualTo(850);
        assertThat(c.tags()).containsExactly("news");
        var failed = LiveTaggingFlow.report(
                2,
                r.toBuilder()
                        .setFinishReason("error")
                        .setError(ErrorDetail.newBuilder().setMessage("boom"))
                        .build(),
                20_000,
                10_000);
        assertThat(failed.tags()).isEmpty();
        assertThat(failed.error()).isEqualTo("boom");
    }
}
