package dev.hcxmesh.decoder.vision;

import com.google.protobuf.ByteString;
import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.api.v1.ErrorDetail;
import dev.hcxmesh.api.v1.JobResult;
import dev.hcxmesh.api.v1.MediaKind;
import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.events.v1.GenerationResult;
import dev.hcxmesh.events.v1.Manifest;
import dev.hcxmesh.events.v1.ManifestItem;
import dev.hcxmesh.events.v1.MediaRequest;
import dev.hcxmesh.events.v1.VisualEmbeddings;
import dev.hcxmesh.events.v1.VisualItemGeometry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays ingest and the vision encoder on a real broker: reads {@code hcx.media.requests}; an inline
 * image of width {@code w} gets a Manifest and {@code w} rows {@code value(t, h) = t + h / 16} in two
 * chunks (BF16 for even widths, FP32 for odd); an http URL ending in {@code refused.png} gets ingest's
 * URL_REFUSED error result; one ending in {@code silent.png} gets nothing.
 */
final class FakeIngestEncoder implements AutoCloseable {
    static final int HIDDEN = 8; // the FakeEngine's hidden size

    /** The MediaRequests seen, by request id. */
    final Map<String, MediaRequest> requests = new ConcurrentHashMap<>();

    private final KafkaProducer<String, byte[]> producer;
    private final Thread thread;
    private volatile boolean running = true;

    FakeIngestEncoder(String bootstrap) {
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new ByteArraySerializer());
        var consumer = new KafkaConsumer<>(
                Map.<String, Object>of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                        8 << 20),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        thread = Thread.ofPlatform().name("fake-ingest").daemon().start(() -> run(consumer));
    }

    static float value(int token, int h) {
        return token + h / 16f;
    }

    private void run(KafkaConsumer<String, byte[]> consumer) {
        try (consumer) {
            var partitions = consumer.partitionsFor(Topics.MEDIA_REQUESTS.name(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                for (var r : consumer.poll(Duration.ofMillis(100))) {
                    var request = Topics.MEDIA_REQUESTS.parse(r.value());
                    requests.put(request.getMeta().getRequestId(), request);
                    answer(request);
                }
            }
        }
    }

    private void answer(MediaRequest request) {
        String id = request.getMeta().getRequestId();
        if (request.getMedia().hasUrl()) {
            if (request.getMedia().getUrl().endsWith("refused.png")) {
                var result = GenerationResult.newBuilder()
                        .setMeta(request.getMeta())
                        .setResult(JobResult.newBuilder()
                                .setJobId(id)
                                .setFinishReason("error")
                                .setError(ErrorDetail.newBuilder()
                                        .setCode(ErrorCode.URL_REFUSED)
                                        .setStage("ingest")
                                        .setRequestId(id)
                                        .setMessage("host resolves to a private address")))
                        .build();
                send(Topics.RESULTS.name(), id, result.toByteArray());
            }
            return;
        }
        int tokens;
        try {
            var image = ImageIO.read(
                    new ByteArrayInputStream(request.getMedia().getInlineBytes().toByteArray()));
            tokens = image.getWidth();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        var geometry = VisualItemGeometry.newBuilder()
                .setKind(MediaKind.IMAGE)
                .setWidth(tokens)
                .setHeight(1)
                .setTileCount(1)
                .setVisualTokens(tokens);
        var manifest = Manifest.newBuilder()
                .setMeta(request.getMeta())
                .setTask(request.getTask())
                .setPurpose(request.getPurpose())
                .addItems(ManifestItem.newBuilder()
                        .setItemIndex(0)
                        .setGeometry(geometry)
                        .setMimeType(request.getMedia().getMimeType()))
                .build();
        send(Topics.MANIFESTS.name(), id, manifest.toByteArray());
        boolean bf16 = tokens % 2 == 0;
        int split = tokens / 2;
        for (int part = 1; part >= 0; part--) { // out of order on purpose
            int from = part == 0 ? 0 : split;
            int to = part == 0 ? split : tokens;
            var data =
                    ByteBuffer.allocate((to - from) * HIDDEN * (bf16 ? 2 : 4)).order(ByteOrder.LITTLE_ENDIAN);
            for (int t = from; t < to; t++) {
                for (int h = 0; h < HIDDEN; h++) {
                    float v = value(t, h);
                    if (bf16) {
                        data.putShort((short) (Float.floatToIntBits(v) >>> 16)); // exact for these values
                    } else {
                        data.putFloat(v);
                    }
                }
            }
            var chunk = VisualEmbeddings.newBuilder()
                    .setMeta(request.getMeta())
                    .setItemIndex(0)
                    .setPartIndex(part)
                    .setPartCount(2)
                    .setTokenOffset(from)
                    .setTokenCount(to - from)
                    .setHidden(HIDDEN)
                    .setDtype(bf16 ? "BF16" : "FP32")
                    .setTotalTokens(tokens)
                    .setData(ByteString.copyFrom(data.array()))
                    .build();
            send(Topics.EMBEDDINGS.name(), id, chunk.toByteArray());
        }
    }

    private void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not write to " + topic, e);
        }
    }

    /** Topics this fake writes, for assertions. */
    static List<String> outputs() {
        return List.of(Topics.MANIFESTS.name(), Topics.EMBEDDINGS.name(), Topics.RESULTS.name());
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
    }
}
