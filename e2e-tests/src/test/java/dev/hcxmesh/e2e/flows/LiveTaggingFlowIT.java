package dev.hcxmesh.e2e.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.broker.TopicProbe;
import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.e2e.SampleMedia;
import dev.hcxmesh.e2e.SharedMesh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Live TV-clip tagging on the running mesh: a 6 s clip played as a live {@code file:} stream (the
 * shared mesh sets {@code hcx.ingest.live.allow-files=true}, 2 s chunks, real-time pacing); every
 * chunk job {@code <streamJob>/<n>} gets one result with its media times, tags and a latency.
 *
 * <p>Aborted (skipped), not failed, while svc-ingest has no live intake (branch {@code live} not yet
 * merged): then the stream job itself is answered with an error result and no chunk job appears.
 */
@ExtendWith(SharedMesh.class)
class LiveTaggingFlowIT {

    @Test
    void everyChunkOfALiveStreamIsTaggedWithItsLatency() throws Exception {
        Assumptions.assumeTrue(
                SharedMesh.Mesh.liveIntake(),
                "svc-ingest has no live intake in this checkout (branch live not merged)");
        var mesh = SharedMesh.mesh();
        Path dir = Path.of("target/shared-mesh/live").toAbsolutePath();
        Files.createDirectories(dir);
        byte[] clip = SampleMedia.clipMp4(dir, 6, 10);
        Path file = dir.resolve("live-clip.mp4");
        Files.write(file, clip);

        long anchor = System.currentTimeMillis();
        String job = LiveTaggingFlow.submit(mesh.client, file.toUri().toString(), "live-" + System.nanoTime());

        // the stream job's own result arrives when the stream ends (or at once, as an error, without live intake)
        var own = TopicProbe.readUntil(
                mesh.bootstrap(),
                List.of(Topics.RESULTS.name()),
                seen -> seen.stream().anyMatch(r -> job.equals(r.key())),
                Duration.ofSeconds(120));
        var streamResult = own.stream()
                .filter(r -> job.equals(r.key()))
                .map(r -> Topics.RESULTS.parse(r.value()).getResult())
                .findFirst();
        boolean anyChunk = own.stream()
                .anyMatch(r -> LiveTaggingFlow.chunkIndexOf(job, r.key()).isPresent());
        Assumptions.assumeFalse(
                streamResult.isPresent()
                        && !streamResult.get().getError().getMessage().isEmpty()
                        && !anyChunk,
                () -> "no live intake in this svc-ingest (stream job answered: "
                        + streamResult.get().getError().getMessage() + ")");

        List<LiveTaggingFlow.ChunkTags> chunks = new ArrayList<>();
        var byIndex = LiveTaggingFlow.collect(mesh.bootstrap(), job, anchor, 3, Duration.ofSeconds(120), chunks::add);
        assertThat(byIndex).as("chunk results of " + job).hasSizeGreaterThanOrEqualTo(2);
        byIndex.values().forEach(c -> {
            assertThat(c.error()).as("chunk %d", c.chunkIndex()).isEmpty();
            assertThat(c.endMs()).isGreaterThan(c.startMs());
            assertThat(c.endMs()).isLessThanOrEqualTo(6500);
            System.out.printf(
                    "live chunk %d [%d..%d ms] latency %d ms tags %s%n",
                    c.chunkIndex(), c.startMs(), c.endMs(), c.latencyMs(), c.tags());
        });
    }
}
