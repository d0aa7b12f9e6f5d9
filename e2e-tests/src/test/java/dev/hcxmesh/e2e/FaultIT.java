package dev.hcxmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.hcxmesh.api.v1.IngestServiceGrpc;
import dev.hcxmesh.api.v1.MediaKind;
import dev.hcxmesh.api.v1.MediaSource;
import dev.hcxmesh.api.v1.SamplingParams;
import dev.hcxmesh.api.v1.SubmitRequest;
import dev.hcxmesh.api.v1.Task;
import dev.hcxmesh.broker.TopicProbe;
import dev.hcxmesh.contracts.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crash each stage mid-stream: requests are accepted, the service is killed with SIGKILL while they
 * are in flight and started again; every accepted request still gets exactly one result (its inputs
 * are uncommitted on the broker until its outputs are out, and replays of finished work are skipped).
 * The decoder is killed just after its first result of the batch, before that request's input is
 * committed, so its restart replays an answered request.
 * Runs last (class order) because it restarts a service of the shared mesh.
 */
@ExtendWith(SharedMesh.class)
@Order(Integer.MAX_VALUE)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultIT {
    static final int REQUESTS = 8;

    @ParameterizedTest(name = "kill -9 {0}")
    @Order(1)
    @ValueSource(strings = {"svc-decoder", "svc-vision-encoder", "svc-ocr-lens", "svc-ingest"})
    void killedServiceRestartsAndEveryAcceptedRequestGetsExactlyOneResult(String service) {
        var mesh = SharedMesh.mesh();
        var stub = IngestServiceGrpc.newBlockingStub(mesh.client.channel());
        String run = Long.toString(System.nanoTime());
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            jobs.add(stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                    .submit(SubmitRequest.newBuilder()
                            .setMedia(MediaSource.newBuilder()
                                    .setInlineBytes(ByteString.copyFrom(SampleMedia.chartPng()))
                                    .setMimeType("image/png")
                                    .setKind(MediaKind.IMAGE))
                            .setTask(Task.newBuilder()
                                    .setPrompt("Describe " + i)
                                    .setSampling(SamplingParams.newBuilder().setMaxTokens(16)))
                            .setIdempotencyKey("fault-" + service + "-" + run + "-" + i)
                            .build())
                    .getJobId());
            if (i == REQUESTS / 2 && !service.equals("svc-ingest") && !service.equals("svc-decoder")) {
                mesh.processes.kill(service); // SIGKILL, mid-stream
            }
        }
        if (service.equals("svc-ingest")) {
            mesh.processes.kill(service); // the front door: killed once every request is accepted
        }
        if (service.equals("svc-decoder")) {
            // right after its first result: the offsets of that request's input are committed up to
            // 5 s later (throttled commits), so the restarted decoder replays a request it answered
            TopicProbe.readUntil(
                    mesh.bootstrap(),
                    List.of(Topics.RESULTS.name()),
                    seen -> seen.stream().anyMatch(r -> jobs.contains(r.key())),
                    Duration.ofSeconds(120));
            mesh.processes.kill(service);
        }
        var spec = mesh.spec(service);
        mesh.processes.start(spec, mesh.config, "768m");
        mesh.processes.awaitReady(spec, Duration.ofSeconds(180));

        assertExactlyOneResultEach(mesh, jobs);
    }

    private static void assertExactlyOneResultEach(SharedMesh.Mesh mesh, List<String> jobs) {
        var records = TopicProbe.readUntil(
                mesh.bootstrap(),
                List.of(Topics.RESULTS.name()),
                seen -> seen.stream()
                        .map(r -> r.key())
                        .collect(Collectors.toSet())
                        .containsAll(jobs),
                Duration.ofSeconds(180));
        // a late duplicate would come right behind: read a little longer
        records = TopicProbe.readUntil(
                mesh.bootstrap(), List.of(Topics.RESULTS.name()), seen -> false, Duration.ofSeconds(5));
        Map<String, Long> perJob = records.stream()
                .map(r -> r.key())
                .filter(jobs::contains)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(perJob.keySet()).as("jobs with a result").containsExactlyInAnyOrderElementsOf(jobs);
        assertThat(perJob).as("results per job").allSatisfy((job, n) -> assertThat(n)
                .isEqualTo(1L));
    }

    @Test
    @Order(2)
    void brokerRestartMidStreamLosesAndDuplicatesNothing() {
        var mesh = SharedMesh.mesh();
        var stub = IngestServiceGrpc.newBlockingStub(mesh.client.channel());
        String run = Long.toString(System.nanoTime());
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            jobs.add(stub.withDeadlineAfter(60, TimeUnit.SECONDS)
                    .submit(SubmitRequest.newBuilder()
                            .setMedia(MediaSource.newBuilder()
                                    .setInlineBytes(ByteString.copyFrom(SampleMedia.chartPng()))
                                    .setMimeType("image/png")
                                    .setKind(MediaKind.IMAGE))
                            .setTask(Task.newBuilder()
                                    .setPrompt("Describe " + i)
                                    .setSampling(SamplingParams.newBuilder().setMaxTokens(16)))
                            .setIdempotencyKey("broker-" + run + "-" + i)
                            .build())
                    .getJobId());
            if (i == REQUESTS / 2) {
                mesh.kafka.restart(); // every service loses the broker mid-stream
            }
        }
        assertExactlyOneResultEach(mesh, jobs);
    }
}
