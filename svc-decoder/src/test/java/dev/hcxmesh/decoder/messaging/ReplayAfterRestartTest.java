package dev.hcxmesh.decoder.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.api.v1.JobResult;
import dev.hcxmesh.broker.SeededKafkaTestResource;
import dev.hcxmesh.broker.TinyModelTestResource;
import dev.hcxmesh.broker.TopicProbe;
import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.decoder.testing.TextRequests;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * What a decoder killed between publishing a result and committing its input finds when it starts
 * again: the broker holds two uncommitted manifests, one of them already answered on hcx.results.
 * The decoder answers only the other one: {@link dev.hcxmesh.common.kafka.AnsweredRequests} read the
 * earlier result on assignment.
 */
@QuarkusTest
@QuarkusTestResource(value = ReplayAfterRestartTest.KilledDecoderLeftovers.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TinyModelTestResource.class, restrictToAnnotatedClass = true) // the prompt's tokenizer
class ReplayAfterRestartTest {
    static final String ANSWERED = "replay-answered";
    static final String FRESH = "replay-fresh";

    /** A broker as the killed decoder left it, seeded before this decoder's consumer starts. */
    public static class KilledDecoderLeftovers extends SeededKafkaTestResource {
        @Override
        protected void seed(String bootstrap) {
            for (String id : List.of(ANSWERED, FRESH)) {
                var manifest = TextRequests.manifest(id, 4).toByteArray();
                TopicProbe.write(bootstrap, Topics.MANIFESTS.name(), id, manifest);
            }
            writeResult(bootstrap, ANSWERED, JobResult.newBuilder().setText("answered before the kill"));
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aRequestAnsweredBeforeTheRestartIsNotAnsweredAgain() {
        TopicProbe.readUntil(
                bootstrap,
                List.of(Topics.RESULTS.name()),
                seen -> seen.stream().anyMatch(r -> r.key().equals(FRESH)),
                Duration.ofSeconds(60));
        // the replayed manifest of ANSWERED came before FRESH's on its partition or is on another one:
        // read on a little, as a second answer would be right behind
        var records =
                TopicProbe.readUntil(bootstrap, List.of(Topics.RESULTS.name()), seen -> false, Duration.ofSeconds(3));
        Map<String, Long> perRequest =
                records.stream().collect(Collectors.groupingBy(r -> r.key(), Collectors.counting()));
        assertThat(perRequest).containsEntry(FRESH, 1L).containsEntry(ANSWERED, 1L);
        assertThat(Topics.RESULTS
                        .parse(records.stream()
                                .filter(r -> r.key().equals(ANSWERED))
                                .findFirst()
                                .orElseThrow()
                                .value())
                        .getResult()
                        .getText())
                .isEqualTo("answered before the kill");
    }
}
