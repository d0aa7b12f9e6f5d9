package dev.hcxmesh.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.hcxmesh.api.v1.JobResult;
import dev.hcxmesh.api.v1.MediaKind;
import dev.hcxmesh.api.v1.MediaSource;
import dev.hcxmesh.api.v1.Task;
import dev.hcxmesh.broker.SeededKafkaTestResource;
import dev.hcxmesh.broker.TinyModelTestResource;
import dev.hcxmesh.broker.TopicProbe;
import dev.hcxmesh.common.kafka.Envelopes;
import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.events.v1.MediaRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * What ingest finds after it was killed between publishing an error result and committing the
 * request: the request is replayed, but its result is on hcx.results, so it is acknowledged without a
 * second error result or dead letter. A request without a result is still processed.
 */
@QuarkusTest
@QuarkusTestResource(value = ReplayedRequestTest.KilledIngestLeftovers.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TinyModelTestResource.class, restrictToAnnotatedClass = true)
class ReplayedRequestTest {
    static final String ANSWERED = "replay-answered";
    static final String FRESH = "replay-fresh";

    /** Two undecodable images on hcx.media.requests, one of them answered with its error already. */
    public static class KilledIngestLeftovers extends SeededKafkaTestResource {
        @Override
        protected void seed(String bootstrap) {
            TopicProbe.write(bootstrap, Topics.MEDIA_REQUESTS.name(), ANSWERED, undecodable(ANSWERED));
            TopicProbe.write(bootstrap, Topics.MEDIA_REQUESTS.name(), FRESH, undecodable(FRESH));
            writeResult(bootstrap, ANSWERED, JobResult.newBuilder().setFinishReason("error"));
        }

        private static byte[] undecodable(String id) {
            return MediaRequest.newBuilder()
                    .setMeta(Envelopes.newMeta(id, id, ""))
                    .setMedia(MediaSource.newBuilder()
                            .setInlineBytes(ByteString.copyFromUtf8("GIF89a but not really"))
                            .setKind(MediaKind.IMAGE))
                    .setTask(Task.newBuilder().setPrompt("Describe"))
                    .build()
                    .toByteArray();
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aRequestAnsweredBeforeTheRestartIsNotAnsweredAgain() {
        List<String> topics = List.of(Topics.RESULTS.name(), Topics.DEAD_LETTER.name());
        TopicProbe.readUntil(
                bootstrap,
                topics,
                seen -> seen.stream().filter(r -> r.key().equals(FRESH)).count() >= 2,
                Duration.ofSeconds(60));
        // a second answer for ANSWERED would come within moments of FRESH's: read on a little
        var records = TopicProbe.readUntil(bootstrap, topics, seen -> false, Duration.ofSeconds(3));
        assertThat(records)
                .filteredOn(r -> r.key().equals(FRESH))
                .extracting(r -> r.topic())
                .containsExactlyInAnyOrder(Topics.RESULTS.name(), Topics.DEAD_LETTER.name());
        assertThat(records)
                .filteredOn(r -> r.key().equals(ANSWERED))
                .extracting(r -> r.topic())
                .containsExactly(Topics.RESULTS.name());
    }
}
