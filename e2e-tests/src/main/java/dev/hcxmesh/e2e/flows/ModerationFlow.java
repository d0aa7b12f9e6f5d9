package dev.hcxmesh.e2e.flows;

import com.google.protobuf.ByteString;
import dev.hcxmesh.api.v1.IngestServiceGrpc;
import dev.hcxmesh.api.v1.JobResult;
import dev.hcxmesh.api.v1.MediaKind;
import dev.hcxmesh.api.v1.MediaSource;
import dev.hcxmesh.api.v1.Priority;
import dev.hcxmesh.api.v1.SamplingParams;
import dev.hcxmesh.api.v1.SubmitRequest;
import dev.hcxmesh.api.v1.Task;
import dev.hcxmesh.broker.TopicAdmin;
import dev.hcxmesh.contracts.Schema;
import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.e2e.MeshClient;
import dev.hcxmesh.events.v1.MediaRequest;
import dev.hcxmesh.events.v1.Meta;
import dev.hcxmesh.events.v1.ModerationDecision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Media moderation on the mesh (docs/flows/MODERATION.md). Two intakes, one decision path:
 *
 * <ul>
 *   <li>Kafka: {@link #run} consumes {@code MediaRequest}s from {@code hcx.moderation.events}, sends
 *       each to {@code hcx.media.requests} as job {@code mod-<key>} with the policy's prompt and JSON
 *       schema, reads {@code hcx.results} for {@code mod-*} jobs and publishes one {@link
 *       ModerationDecision} per job to {@code hcx.decisions}. Stateless: the job id carries the key.
 *   <li>gRPC: {@link #moderate} submits through {@code IngestService}, watches the job and publishes
 *       the decision.
 * </ul>
 *
 * <p>Usage: {@code ModerationFlow --bootstrap HOST:PORT [--fail-open] [--grpc HOST:PORT --image FILE]}.
 */
public final class ModerationFlow implements AutoCloseable {
    /** Prefix of the job ids this flow creates; results of other jobs are not its business. */
    public static final String JOB_PREFIX = "mod-";

    public static final String GROUP = "hcx-moderation";

    private final String bootstrap;
    private final ModerationPolicy policy;
    private final KafkaProducer<String, byte[]> producer;

    public ModerationFlow(String bootstrap, ModerationPolicy policy) {
        this.bootstrap = bootstrap;
        this.policy = policy;
        TopicAdmin.createTopics(bootstrap, Topics.FLOWS);
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        Topics.TOPIC_MAX_MESSAGE_BYTES),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    public ModerationPolicy policy() {
        return policy;
    }

    /** The task every moderated medium gets: policy prompt, the labels schema, greedy, short. */
    public static Task task(ModerationPolicy policy) {
        return Task.newBuilder()
                .setPrompt(policy.prompt())
                .setResponseJsonSchema(ModerationLabels.SCHEMA)
                .setSampling(SamplingParams.newBuilder().setGreedy(true).setMaxTokens(96))
                .setOcr(true)
                .setLens(true)
                .build();
    }

    /** The mesh request for an event keyed {@code key}: job {@code mod-<key>}, urgent, policy task. */
    public static MediaRequest toMeshRequest(String key, MediaRequest event, ModerationPolicy policy) {
        String jobId = JOB_PREFIX + key;
        Meta meta = event.getMeta().toBuilder()
                .setSchemaVersion(Schema.VERSION)
                .setRequestId(jobId)
                .setIdempotencyKey(jobId)
                .setPriority(Priority.URGENT)
                .setCreatedUnixMs(System.currentTimeMillis())
                .build();
        return MediaRequest.newBuilder()
                .setMeta(meta)
                .setMedia(event.getMedia())
                .setTask(task(policy))
                .build();
    }

    /** gRPC intake: submits inline media, waits for its result, publishes and returns the decision. */
    public ModerationDecision moderate(
            MeshClient client, byte[] media, MediaKind kind, String mime, String key, long timeoutSeconds) {
        var response = IngestServiceGrpc.newBlockingStub(client.channel())
                .withDeadlineAfter(30, java.util.concurrent.TimeUnit.SECONDS)
                .submit(SubmitRequest.newBuilder()
                        .setMedia(MediaSource.newBuilder()
                                .setInlineBytes(ByteString.copyFrom(media))
                                .setKind(kind)
                                .setMimeType(mime))
                        .setTask(task(policy))
                        .setIdempotencyKey(JOB_PREFIX + key)
                        .setPriority(Priority.URGENT)
                        .build());
        JobResult result = client.await(response.getJobId(), p -> {}, timeoutSeconds);
        ModerationDecision decision = decide(response.getJobId(), result);
        join(publish(decision));
        return decision;
    }

    /** Kafka intake: runs until {@code stop} is set. */
    public void run(AtomicBoolean stop) {
        var props = Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                GROUP,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                Topics.TOPIC_MAX_MESSAGE_BYTES);
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.MODERATION_EVENTS.name(), Topics.RESULTS.name()));
            while (!stop.get()) {
                var records = consumer.poll(Duration.ofMillis(200));
                List<Future<RecordMetadata>> sends = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> r : records) {
                    handle(r, sends);
                }
                sends.forEach(ModerationFlow::join); // outputs on the broker before the inputs are committed
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
            }
        }
    }

    private void handle(ConsumerRecord<String, byte[]> r, List<Future<RecordMetadata>> sends) {
        if (r.topic().equals(Topics.MODERATION_EVENTS.name())) {
            MediaRequest event;
            try {
                event = Topics.MODERATION_EVENTS.parse(r.value());
            } catch (RuntimeException e) {
                // unreadable input: decide it without the mesh (fail-open/closed), never drop it silently
                sends.add(publish(policy.decide(
                        JOB_PREFIX + r.key(),
                        JobResult.newBuilder()
                                .setFinishReason("error")
                                .setError(dev.hcxmesh.api.v1.ErrorDetail.newBuilder()
                                        .setMessage("unreadable moderation event: " + e.getMessage()))
                                .build(),
                        System.currentTimeMillis())));
                return;
            }
            MediaRequest request = toMeshRequest(r.key(), event, policy);
            sends.add(producer.send(new ProducerRecord<>(
                    Topics.MEDIA_REQUESTS.name(), request.getMeta().getRequestId(), request.toByteArray())));
        } else if (r.key() != null && r.key().startsWith(JOB_PREFIX)) {
            var result = Topics.RESULTS.parse(r.value());
            sends.add(publish(decide(r.key(), result.getResult())));
        }
    }

    private ModerationDecision decide(String jobId, JobResult result) {
        return policy.decide(jobId, result, System.currentTimeMillis());
    }

    private Future<RecordMetadata> publish(ModerationDecision decision) {
        return producer.send(
                new ProducerRecord<>(Topics.DECISIONS.name(), decision.getRequestId(), decision.toByteArray()));
    }

    private static void join(Future<?> f) {
        try {
            f.get();
        } catch (Exception e) {
            throw new IllegalStateException("publish failed: " + e, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = "127.0.0.1:8092";
        String grpc = "127.0.0.1:8081";
        Path image = null;
        boolean failOpen = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = args[++i];
                case "--grpc" -> grpc = args[++i];
                case "--image" -> image = Path.of(args[++i]);
                case "--fail-open" -> failOpen = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        var policy = ModerationPolicy.defaults().withFailOpen(failOpen);
        try (var flow = new ModerationFlow(bootstrap, policy)) {
            if (image != null) {
                String[] hp = grpc.split(":");
                try (var client = new MeshClient(hp[0], Integer.parseInt(hp[1]))) {
                    var d = flow.moderate(
                            client,
                            Files.readAllBytes(image),
                            MediaKind.IMAGE,
                            Files.probeContentType(image),
                            image.getFileName().toString(),
                            300);
                    System.out.println(d);
                }
                return;
            }
            var stop = new AtomicBoolean();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.set(true)));
            System.out.println("moderating " + Topics.MODERATION_EVENTS.name() + " -> " + Topics.DECISIONS.name());
            flow.run(stop);
        }
    }
}
