package dev.hcxmesh.decoder.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.api.v1.ErrorDetail;
import dev.hcxmesh.api.v1.JobResult;
import dev.hcxmesh.broker.KafkaTestResource;
import dev.hcxmesh.broker.TinyModelTestResource;
import dev.hcxmesh.broker.TopicProbe;
import dev.hcxmesh.common.kafka.Envelopes;
import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.decoder.testing.TextRequests;
import dev.hcxmesh.events.v1.GenerationResult;
import dev.hcxmesh.events.v1.ManifestItem;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The encoder failed a request: its error result is on hcx.results and the embeddings the decoder's
 * join waits for never come. The result ends the join: the request is not answered a second time,
 * the join is forgotten and the manifest's offset is committed (it would otherwise hold the
 * partition's commits until the connector's unprocessed-record age failed the channel).
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TinyModelTestResource.class, restrictToAnnotatedClass = true) // the prompt's tokenizer
class AnsweredElsewhereTest {
    static final String ID = "encoder-failed-" + System.nanoTime();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    MeterRegistry registry;

    @Inject
    JoinConsumer join;

    @Test
    void anErrorResultFromTheEncoderEndsTheJoinAndCommitsItsRecords() throws Exception {
        var manifest = TextRequests.manifest(ID, 4).toBuilder()
                .addItems(ManifestItem.newBuilder().setItemIndex(0)) // rows that will never come
                .build();
        RecordMetadata written;
        try (var producer = new KafkaProducer<>(
                Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(),
                new ByteArraySerializer())) {
            written = producer.send(new ProducerRecord<>(Topics.MANIFESTS.name(), ID, manifest.toByteArray()))
                    .get();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> pending() == 1);

        var failed = GenerationResult.newBuilder()
                .setMeta(Envelopes.newMeta(ID, ID, ""))
                .setResult(JobResult.newBuilder()
                        .setJobId(ID)
                        .setFinishReason("error")
                        .setError(ErrorDetail.newBuilder()
                                .setCode(ErrorCode.ENGINE_UNAVAILABLE)
                                .setStage("vision-encoder")))
                .build();
        TopicProbe.write(bootstrap, Topics.RESULTS.name(), ID, failed.toByteArray());

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> pending() == 0);
        assertThat(registry.counter("hcx_decoder_join_answered_elsewhere_total").count())
                .isPositive();
        var manifestPartition = new TopicPartition(written.topic(), written.partition());
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                var committed = admin.listConsumerGroupOffsets("hcx-decoder")
                        .partitionsToOffsetAndMetadata()
                        .get()
                        .get(manifestPartition);
                return committed != null && committed.offset() > written.offset();
            });
        }
        var results =
                TopicProbe.readUntil(bootstrap, List.of(Topics.RESULTS.name()), seen -> false, Duration.ofSeconds(2));
        assertThat(results).filteredOn(r -> r.key().equals(ID)).hasSize(1);
    }

    private int pending() { // not the hcx_decoder_join_pending gauge: in one surefire JVM it may be an earlier app's
        return join.joinsOpen();
    }
}
