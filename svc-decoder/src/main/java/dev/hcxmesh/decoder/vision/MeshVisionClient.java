package dev.hcxmesh.decoder.vision;

import com.google.protobuf.ByteString;
import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.api.v1.MediaKind;
import dev.hcxmesh.api.v1.MediaSource;
import dev.hcxmesh.api.v1.Task;
import dev.hcxmesh.common.kafka.Envelopes;
import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.decoder.admission.DecoderConfig;
import dev.hcxmesh.decoder.api.ChatTurn;
import dev.hcxmesh.decoder.api.openai.VisionClient;
import dev.hcxmesh.decoder.engine.EngineException;
import dev.hcxmesh.events.v1.MediaRequest;
import dev.hcxmesh.events.v1.Meta;
import dev.hcxmesh.events.v1.Purpose;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * The decoder's {@link VisionClient} through the mesh: each image becomes a {@code PURPOSE_EMBED}
 * {@link MediaRequest} on {@code hcx.media.requests} (inline bytes for a {@code data:} URL, the URL
 * itself for http(s): ingest fetches it behind its SSRF guard), ingest tiles it and the encoder
 * writes its rows to {@code hcx.embeddings}, where this instance's {@link EmbeddingTail} picks them
 * up. A typed error result from ingest or the encoder on {@code hcx.results} fails the image with
 * that code. Off with {@code hcx.decoder.vision.enabled=false} (image parts are then answered 501).
 */
@ApplicationScoped
@LookupIfProperty(name = "hcx.decoder.vision.enabled", stringValue = "true", lookupIfMissing = true)
public class MeshVisionClient implements VisionClient {
    private static final Logger LOG = Logger.getLogger(MeshVisionClient.class);

    @Inject
    DecoderConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    @Identifier("default-kafka-broker") // the kafka.* settings (servers, security), from quarkus-kafka-client
    Map<String, Object> kafkaConfig;

    private volatile EmbeddingTail tail;
    private volatile KafkaProducer<String, byte[]> producer;

    void start(@Observes StartupEvent e) {
        if (config.vision().enabled()) {
            ensureStarted();
        }
    }

    private synchronized void ensureStarted() {
        if (tail != null) {
            return;
        }
        Properties p = new Properties();
        p.putAll(kafkaConfig);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "hcx-decoder-vision-" + UUID.randomUUID());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(Topics.TOPIC_MAX_MESSAGE_BYTES));
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        tail = new EmbeddingTail(kafkaConfig);
        registry.gauge("hcx_decoder_vision_waiting", tail, EmbeddingTail::waiting);
    }

    void stop(@Observes ShutdownEvent e) {
        if (tail != null) {
            tail.close();
        }
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(2));
        }
    }

    @Override
    public CompletionStage<ChatTurn.VisualEmbedding> embed(String url) {
        DecoderConfig.Vision v = config.vision();
        MediaSource.Builder media = MediaSource.newBuilder().setKind(MediaKind.IMAGE);
        if (url.regionMatches(true, 0, "data:", 0, 5)) {
            DataUrl data = DataUrl.parse(url, v.maxInlineBytes(), v.mimeTypes()); // typed 4xx errors
            media.setInlineBytes(ByteString.copyFrom(data.bytes())).setMimeType(data.mimeType());
        } else if (url.startsWith("http://") || url.startsWith("https://")) {
            media.setUrl(url); // fetched by ingest (allow-lists, private-address refusal, size limits)
        } else {
            throw new EngineException(ErrorCode.URL_REFUSED, "image URLs must be data: or http(s) URLs");
        }
        ensureStarted();
        String id = "img-" + UUID.randomUUID();
        Meta meta = Envelopes.newMeta(id, id, "").build();
        MediaRequest request = MediaRequest.newBuilder()
                .setMeta(meta)
                .setMedia(media)
                .setTask(Task.newBuilder().setDisableEnrichment(true))
                .setPurpose(Purpose.PURPOSE_EMBED)
                .build();
        long timeoutMs = config.openai().visionTimeout().toMillis();
        long t0 = System.nanoTime();
        ImageWaiter waiter = new ImageWaiter(id);
        CompletableFuture<ChatTurn.VisualEmbedding> result = waiter.future;
        tail.ready().orTimeout(timeoutMs, TimeUnit.MILLISECONDS).whenComplete((ok, error) -> {
            if (error != null) {
                result.completeExceptionally(new EngineException(
                        ErrorCode.ENGINE_UNAVAILABLE, "the vision tail is not following hcx.embeddings yet: " + error));
                return;
            }
            tail.expect(id, waiter);
            publish(request, result);
        });
        return result.orTimeout(timeoutMs, TimeUnit.MILLISECONDS).handle((rows, error) -> {
            tail.forget(id);
            String outcome = error == null ? "ok" : outcome(error);
            registry.timer("hcx_decoder_vision_seconds", "outcome", outcome)
                    .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            if (error == null) {
                return rows;
            }
            throw translate(error, id, timeoutMs);
        });
    }

    private void publish(MediaRequest request, CompletableFuture<?> result) {
        String id = request.getMeta().getRequestId();
        var record = new ProducerRecord<String, byte[]>(Topics.MEDIA_REQUESTS.name(), id, request.toByteArray());
        if (!request.getMeta().getTraceparent().isEmpty()) {
            record.headers()
                    .add("traceparent", request.getMeta().getTraceparent().getBytes(StandardCharsets.US_ASCII));
        }
        producer.send(record, (md, error) -> {
            if (error != null) {
                LOG.warnf("could not publish the embed request %s: %s", id, error);
                result.completeExceptionally(new EngineException(
                        ErrorCode.ENGINE_UNAVAILABLE, "could not hand the image to ingest: " + error.getMessage()));
            }
        });
    }

    private static String outcome(Throwable error) {
        Throwable e = unwrap(error);
        return e instanceof EngineException ee ? ee.code().name().toLowerCase(java.util.Locale.ROOT) : "internal";
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static RuntimeException translate(Throwable error, String id, long timeoutMs) {
        Throwable e = unwrap(error);
        if (e instanceof EngineException ee) {
            return ee;
        }
        if (e instanceof TimeoutException) {
            return new EngineException(
                    ErrorCode.DEADLINE_EXCEEDED,
                    "the mesh returned no embeddings for the image (request " + id + ") within " + timeoutMs + " ms");
        }
        return new EngineException(ErrorCode.INTERNAL, "embedding the image (request " + id + ") failed: " + e);
    }
}
