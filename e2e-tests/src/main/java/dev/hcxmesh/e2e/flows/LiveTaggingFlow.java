package dev.hcxmesh.e2e.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hcxmesh.api.v1.IngestServiceGrpc;
import dev.hcxmesh.api.v1.JobResult;
import dev.hcxmesh.api.v1.MediaKind;
import dev.hcxmesh.api.v1.MediaSource;
import dev.hcxmesh.api.v1.Priority;
import dev.hcxmesh.api.v1.SamplingParams;
import dev.hcxmesh.api.v1.SubmitRequest;
import dev.hcxmesh.api.v1.Task;
import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.e2e.MeshClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Live TV-clip tagging (docs/flows/LIVE-TAGGING.md): submits a {@code LIVE_STREAM} source through
 * {@code IngestService.Submit}; svc-ingest cuts it into chunk jobs {@code <streamJob>/<chunkIndex>}
 * (Meta.stream_id, chunk_start_ms/chunk_end_ms in media time); this flow reads their results from
 * {@code hcx.results} and reports the tags of every chunk and its end-to-end latency: the result
 * record's broker timestamp minus the wall-clock moment the chunk ended ({@code anchor +
 * chunk_end_ms}, the anchor being the moment the stream was submitted, i.e. media time 0).
 *
 * <p>Usage: {@code LiveTaggingFlow --bootstrap HOST:PORT --grpc HOST:PORT --url STREAM_URL [--chunks N]}.
 */
public final class LiveTaggingFlow {
    private LiveTaggingFlow() {}

    /** {"tags":[string]} — what each chunk is asked for. */
    public static final String SCHEMA =
            """
            {"type":"object","properties":{"tags":{"type":"array","maxItems":8,\
            "items":{"type":"string","maxLength":32}}},"required":["tags"],"additionalProperties":false}""";

    public static final String PROMPT =
            "Tag this TV clip: list up to 8 short topic tags (people, objects, places, events, on-screen text)"
                    + " as JSON {\"tags\":[...]}.";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One tagged chunk.
     *
     * @param chunkIndex index of the chunk in the stream
     * @param startMs chunk start, media time
     * @param endMs chunk end, media time
     * @param tags parsed tags (empty when the answer had none or was an error)
     * @param text the model's raw answer
     * @param latencyMs result timestamp − (anchor + endMs)
     * @param error the result's error message, empty when none
     */
    public record ChunkTags(
            long chunkIndex, long startMs, long endMs, List<String> tags, String text, long latencyMs, String error) {
        public ChunkTags {
            if (endMs < startMs) {
                throw new IllegalArgumentException(
                        "chunk " + chunkIndex + ": expected end >= start, found " + startMs + ".." + endMs);
            }
            tags = List.copyOf(tags);
        }
    }

    /** The task of every chunk. */
    public static Task task() {
        return Task.newBuilder()
                .setPrompt(PROMPT)
                .setResponseJsonSchema(SCHEMA)
                .setSampling(SamplingParams.newBuilder().setGreedy(true).setMaxTokens(64))
                .setOcr(true)
                .setLens(true)
                .build();
    }

    /** Submits the stream and returns its job id (the prefix of its chunk jobs). */
    public static String submit(MeshClient client, String url, String key) {
        return IngestServiceGrpc.newBlockingStub(client.channel())
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .submit(SubmitRequest.newBuilder()
                        .setMedia(MediaSource.newBuilder().setUrl(url).setKind(MediaKind.LIVE_STREAM))
                        .setTask(task())
                        .setIdempotencyKey(key)
                        .setPriority(Priority.NORMAL)
                        .build())
                .getJobId();
    }

    /** The chunk index of a chunk job id {@code <streamJob>/<n>} of {@code streamJob}, if it is one. */
    public static Optional<Long> chunkIndexOf(String streamJob, String key) {
        if (key == null || !key.startsWith(streamJob + "/")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(key.substring(streamJob.length() + 1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Tags from a {"tags":[...]} answer; a non-JSON answer is split on commas and newlines. */
    public static List<String> tagsOf(String text) {
        try {
            JsonNode root = JSON.readTree(text);
            if (root != null && root.path("tags").isArray()) {
                List<String> tags = new ArrayList<>();
                root.get("tags").forEach(t -> tags.add(t.asText().strip()));
                return tags.stream().filter(t -> !t.isEmpty()).toList();
            }
        } catch (Exception e) {
            // not JSON: fall through
        }
        return Arrays.stream(text.split("[,\\n]"))
                .map(String::strip)
                .filter(t -> !t.isEmpty() && t.length() <= 32)
                .limit(8)
                .toList();
    }

    /** One chunk's report from its result and the result record's timestamp. */
    public static ChunkTags report(long chunkIndex, JobResult r, long resultTimestampMs, long anchorMs) {
        boolean failed = "error".equals(r.getFinishReason())
                || !r.getError().getMessage().isEmpty();
        return new ChunkTags(
                chunkIndex,
                r.getChunkStartMs(),
                r.getChunkEndMs(),
                failed ? List.of() : tagsOf(r.getText()),
                r.getText(),
                resultTimestampMs - (anchorMs + r.getChunkEndMs()),
                r.getError().getMessage());
    }

    /**
     * Reads {@code hcx.results} from the beginning and reports each chunk of {@code streamJob} once,
     * in arrival order, until {@code chunks} chunks were seen or {@code timeout} passes; returns them by
     * chunk index.
     */
    public static Map<Long, ChunkTags> collect(
            String bootstrap,
            String streamJob,
            long anchorMs,
            int chunks,
            Duration timeout,
            Consumer<ChunkTags> onChunk) {
        var props = Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "hcx-live-tagging-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        Map<Long, ChunkTags> seen = new TreeMap<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.RESULTS.name()));
            long end = System.nanoTime() + timeout.toNanos();
            while (seen.size() < chunks && System.nanoTime() < end) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    var index = chunkIndexOf(streamJob, r.key());
                    if (index.isEmpty() || seen.containsKey(index.get())) {
                        continue;
                    }
                    var result = Topics.RESULTS.parse(r.value()).getResult();
                    ChunkTags tags = report(index.get(), result, r.timestamp(), anchorMs);
                    seen.put(index.get(), tags);
                    onChunk.accept(tags);
                }
            }
        }
        return seen;
    }

    public static void main(String[] args) {
        String bootstrap = "127.0.0.1:8092";
        String grpc = "127.0.0.1:8081";
        String url = null;
        int chunks = 10;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = args[++i];
                case "--grpc" -> grpc = args[++i];
                case "--url" -> url = args[++i];
                case "--chunks" -> chunks = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("--url: expected a live stream URL, found none");
        }
        String[] hp = grpc.split(":");
        try (var client = new MeshClient(hp[0], Integer.parseInt(hp[1]))) {
            long anchor = System.currentTimeMillis();
            String job = submit(client, url, "live-" + UUID.randomUUID());
            System.out.println("stream job " + job);
            collect(
                    bootstrap,
                    job,
                    anchor,
                    chunks,
                    Duration.ofMinutes(30),
                    c -> System.out.printf(
                            "chunk %d [%d..%d ms] latency %d ms tags %s%s%n",
                            c.chunkIndex(),
                            c.startMs(),
                            c.endMs(),
                            c.latencyMs(),
                            c.tags(),
                            c.error().isEmpty() ? "" : " error: " + c.error()));
        }
    }
}
