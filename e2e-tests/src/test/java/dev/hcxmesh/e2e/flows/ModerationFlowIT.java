package dev.hcxmesh.e2e.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.hcxmesh.api.v1.MediaKind;
import dev.hcxmesh.api.v1.MediaSource;
import dev.hcxmesh.broker.TopicProbe;
import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.e2e.SampleMedia;
import dev.hcxmesh.e2e.SharedMesh;
import dev.hcxmesh.events.v1.MediaRequest;
import dev.hcxmesh.events.v1.ModerationDecision;
import dev.hcxmesh.events.v1.ModerationVerdict;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The moderation flow on the running mesh: Kafka intake fail-closed (an image and an unprocessable
 * request), gRPC intake fail-open (an undecodable image). With random weights the labels are noise, so
 * a readable answer must give the decision the policy computes from its labels, and an unreadable one
 * (or an error result) the configured fail-open/closed verdict.
 */
@ExtendWith(SharedMesh.class)
class ModerationFlowIT {

    @Test
    void kafkaIntakeDecidesEveryEventFailClosed() throws Exception {
        var mesh = SharedMesh.mesh();
        var policy = ModerationPolicy.defaults(); // fail-closed
        String run = Long.toString(System.nanoTime());
        try (var flow = new ModerationFlow(mesh.bootstrap(), policy)) {
            var stop = new AtomicBoolean();
            var loop = Thread.ofPlatform().name("moderation").start(() -> flow.run(stop));
            try {
                var image = MediaRequest.newBuilder()
                        .setMedia(MediaSource.newBuilder()
                                .setInlineBytes(ByteString.copyFrom(SampleMedia.chartPng()))
                                .setMimeType("image/png")
                                .setKind(MediaKind.IMAGE))
                        .build();
                var empty = MediaRequest.newBuilder().build(); // no media: ingest answers with an error result
                TopicProbe.write(mesh.bootstrap(), Topics.MODERATION_EVENTS.name(), "img-" + run, image.toByteArray());
                TopicProbe.write(
                        mesh.bootstrap(), Topics.MODERATION_EVENTS.name(), "empty-" + run, empty.toByteArray());

                Map<String, ModerationDecision> decisions = decisions(
                        mesh.bootstrap(),
                        List.of(ModerationFlow.JOB_PREFIX + "img-" + run, ModerationFlow.JOB_PREFIX + "empty-" + run));

                var failed = decisions.get(ModerationFlow.JOB_PREFIX + "empty-" + run);
                assertThat(failed.getFailed()).isTrue();
                assertThat(failed.getVerdict()).isEqualTo(ModerationVerdict.BLOCK);
                assertThat(failed.getError().getMessage()).isNotEmpty();
                assertThat(failed.getReason()).startsWith("fail-closed");

                var decided = decisions.get(ModerationFlow.JOB_PREFIX + "img-" + run);
                System.out.printf(
                        "moderation (fail-closed): image -> %s (%s) labels %s; empty request -> %s (%s)%n",
                        decided.getVerdict(),
                        decided.getReason(),
                        decided.getLabelsList().stream()
                                .map(l -> l.getLabel() + "=" + l.getConfidence())
                                .toList(),
                        failed.getVerdict(),
                        failed.getReason());
                assertThat(decided.getEvidence().getRandomWeights()).isTrue();
                assertConsistent(decided, policy);
            } finally {
                stop.set(true);
                loop.join(10_000);
            }
        }
    }

    @Test
    void grpcIntakeFailsOpenOnAnErrorResult() {
        var mesh = SharedMesh.mesh();
        var policy = ModerationPolicy.defaults().withFailOpen(true);
        try (var flow = new ModerationFlow(mesh.bootstrap(), policy)) {
            String key = "grpc-" + System.nanoTime();
            byte[] notAnImage = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 1};
            var decision = flow.moderate(mesh.client, notAnImage, MediaKind.IMAGE, "image/png", key, 120);
            System.out.printf(
                    "moderation (fail-open): undecodable image -> %s (%s)%n",
                    decision.getVerdict(), decision.getReason());
            assertThat(decision.getFailed()).isTrue();
            assertThat(decision.getVerdict()).isEqualTo(ModerationVerdict.ALLOW);
            assertThat(decision.getReason()).startsWith("fail-open");
            // it is on hcx.decisions too
            assertThat(decisions(mesh.bootstrap(), List.of(decision.getRequestId())))
                    .containsKey(decision.getRequestId());
        }
    }

    /** A decision is either the policy's verdict for its labels, or a failure decided by fail-open/closed. */
    static void assertConsistent(ModerationDecision d, ModerationPolicy policy) {
        if (d.getFailed()) {
            assertThat(d.getVerdict()).isEqualTo(policy.failOpen() ? ModerationVerdict.ALLOW : ModerationVerdict.BLOCK);
            assertThat(d.getLabelsList()).isEmpty();
        } else {
            assertThat(d.getLabelsList()).isNotEmpty();
            var again = policy.decide(
                    d.getRequestId(),
                    dev.hcxmesh.api.v1.JobResult.newBuilder()
                            .setFinishReason("stop")
                            .setText(d.getEvidence().getModelText())
                            .build(),
                    0);
            assertThat(again.getVerdict()).isEqualTo(d.getVerdict());
        }
    }

    static Map<String, ModerationDecision> decisions(String bootstrap, List<String> ids) {
        var records = TopicProbe.readUntil(
                bootstrap,
                List.of(Topics.DECISIONS.name()),
                seen -> seen.stream()
                        .map(r -> r.key())
                        .collect(Collectors.toSet())
                        .containsAll(ids),
                Duration.ofSeconds(240));
        Map<String, ModerationDecision> byId = records.stream()
                .filter(r -> ids.contains(r.key()))
                .collect(Collectors.toMap(r -> r.key(), r -> Topics.DECISIONS.parse(r.value()), (a, b) -> a));
        assertThat(byId.keySet()).as("decisions on " + Topics.DECISIONS.name()).containsAll(ids);
        return byId;
    }
}
