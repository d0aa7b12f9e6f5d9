package dev.hcxmesh.encoder.messaging;

import com.google.protobuf.ByteString;
import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.api.v1.JobResult;
import dev.hcxmesh.api.v1.Progress;
import dev.hcxmesh.common.MeshException;
import dev.hcxmesh.common.kafka.AnsweredRequests;
import dev.hcxmesh.common.kafka.DeadLetters;
import dev.hcxmesh.common.kafka.Envelopes;
import dev.hcxmesh.common.kafka.KafkaMessages;
import dev.hcxmesh.common.metrics.HopMetrics;
import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.encoder.stage.VisionStage;
import dev.hcxmesh.events.v1.GenerationResult;
import dev.hcxmesh.events.v1.Meta;
import dev.hcxmesh.events.v1.ProgressEvent;
import dev.hcxmesh.events.v1.TileBatch;
import dev.hcxmesh.events.v1.VisualEmbeddings;
import dev.hcxmesh.model.tensor.Bf16;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code hcx.tiles}: encodes each part as it arrives (batched across requests by {@link
 * EncodeBatcher}), and once every part of an item is encoded, assembles the item's visual token rows
 * and publishes them as bf16 {@link VisualEmbeddings} chunks. A part's offset is committed only after
 * its item's embeddings are on the broker. Parts of a request that already has its result (an error
 * from here before a restart, or the decoder's answer) are acknowledged without work ({@link
 * AnsweredRequests}).
 */
@ApplicationScoped
public class TileConsumer {
    private static final Logger LOG = Logger.getLogger(TileConsumer.class);
    static final String STAGE = "vision-encoder";

    @Inject
    VisionStage stage;

    @Inject
    EncodeBatcher batcher;

    @Inject
    DeadLetters deadLetters;

    @Inject
    AnsweredRequests answered;

    @Inject
    MeterRegistry registry;

    @Inject
    @Channel("embeddings-out")
    MutinyEmitter<byte[]> out;

    private final Map<String, PendingItem> pending = new ConcurrentHashMap<>();

    @Incoming("tiles-in")
    @Blocking
    public CompletionStage<Void> consume(Message<byte[]> message) {
        TileBatch batch;
        try {
            batch = Topics.TILES.parse(message.getPayload());
            Envelopes.checkVersion(batch.getMeta(), Topics.TILES.name());
            validate(batch);
        } catch (RuntimeException e) {
            var cause = e instanceof MeshException m
                    ? m
                    : new MeshException(ErrorCode.MESSAGE_MALFORMED, STAGE, e.getMessage());
            return deadLetters.publish(message, null, STAGE, cause).thenCompose(v -> message.ack());
        }
        if (answered.skipReplay(batch.getMeta().getRequestId(), STAGE)) {
            return message.ack(); // replayed after a restart: its request already has its result
        }
        String key = batch.getMeta().getRequestId() + "#" + batch.getItemIndex();
        PendingItem item = pending.computeIfAbsent(key, k -> new PendingItem(batch));
        if (!item.claim(batch.getPartIndex(), message)) {
            return message.ack(); // a replayed part of an item already in progress
        }
        int[] all = stage.tileQueries(batch.getGeometry());
        int[] queries = Arrays.copyOfRange(all, batch.getFirstTile(), batch.getFirstTile() + batch.getTilesCount());
        List<byte[]> tiles =
                batch.getTilesList().stream().map(ByteString::toByteArray).toList();
        batcher.submit(tiles, queries, HopMetrics.polledNanos(message)).whenComplete((rows, error) -> {
            if (error != null) {
                fail(key, item, error);
            } else if (item.done(batch.getPartIndex(), rows)) {
                finish(key, item);
            }
        });
        return CompletableFuture.completedFuture(null);
    }

    private void validate(TileBatch b) {
        int side = b.getTileSize();
        for (int i = 0; i < b.getTilesCount(); i++) {
            if (b.getTiles(i).size() != side * side * 3) {
                throw new MeshException(
                        ErrorCode.MESSAGE_MALFORMED,
                        STAGE,
                        "tile " + (b.getFirstTile() + i) + " has "
                                + b.getTiles(i).size() + " bytes, expected " + side * side * 3 + " ([" + side + ","
                                + side + ",3] uint8)");
            }
        }
        if (b.getPartCount() < 1 || b.getPartIndex() >= b.getPartCount()) {
            throw new MeshException(
                    ErrorCode.MESSAGE_MALFORMED, STAGE, "part " + b.getPartIndex() + " of " + b.getPartCount());
        }
    }

    private void finish(String key, PendingItem item) {
        pending.remove(key);
        TileBatch first = item.first;
        Meta meta = Envelopes.child(first.getMeta()).toBuilder()
                .setModelRevision(stage.modelRevision())
                .build();
        try {
            float[] rows = stage.assemble(first.getGeometry(), item.concat());
            int d = stage.hidden();
            int tokens = rows.length / d;
            int perChunk = Math.max(1, (Topics.MAX_RECORD_BYTES - 64 * 1024) / (d * 2));
            int parts = (tokens + perChunk - 1) / perChunk;
            List<Uni<Void>> sends = new ArrayList<>();
            Message<?> parent = item.messages.getFirst();
            for (int p = 0; p < parts; p++) {
                int from = p * perChunk;
                int count = Math.min(perChunk, tokens - from);
                var e = VisualEmbeddings.newBuilder()
                        .setMeta(meta)
                        .setItemIndex(first.getItemIndex())
                        .setPartIndex(p)
                        .setPartCount(parts)
                        .setTokenOffset(from)
                        .setTokenCount(count)
                        .setHidden(d)
                        .setDtype("BF16")
                        .setTotalTokens(tokens)
                        .setEncodeMillis((System.nanoTime() - item.startNanos) / 1e6)
                        .setData(ByteString.copyFrom(Bf16.pack(rows, from * d, count * d)))
                        .build();
                sends.add(out.sendMessage(KafkaMessages.record(Topics.EMBEDDINGS, meta.getRequestId(), e, parent)));
            }
            sends.add(progress(meta, parent));
            Uni.join().all(sends).andFailFast().subscribe().with(v -> item.ackAll(), t -> fail(key, item, t));
            registry.counter("hcx_encoder_items_total").increment();
        } catch (RuntimeException e) {
            fail(key, item, e);
        }
    }

    private Uni<Void> progress(Meta meta, Message<?> parent) {
        var event = ProgressEvent.newBuilder()
                .setMeta(meta)
                .setProgress(Progress.newBuilder()
                        .setJobId(meta.getRequestId())
                        .setStage(STAGE)
                        .setFraction(1.0)
                        .setMessage("encoded"))
                .build();
        return out.sendMessage(KafkaMessages.record(Topics.PROGRESS, meta.getRequestId(), event, parent));
    }

    /** Engine failure: the job gets a typed error result, every part a dead letter; nothing is lost. */
    private void fail(String key, PendingItem item, Throwable error) {
        if (!item.failOnce()) {
            return;
        }
        pending.remove(key);
        Throwable cause = error instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                ? c.getCause()
                : error;
        Meta meta = item.first.getMeta();
        LOG.warnf(
                "request %s item %d failed in the encoder: %s", meta.getRequestId(), item.first.getItemIndex(), cause);
        var result = GenerationResult.newBuilder()
                .setMeta(meta)
                .setResult(JobResult.newBuilder()
                        .setJobId(meta.getRequestId())
                        .setFinishReason("error")
                        .setError(MeshException.detailOf(cause, STAGE, meta.getRequestId())))
                .build();
        Message<?> parent = item.messages.getFirst();
        out.sendMessage(KafkaMessages.record(Topics.RESULTS, meta.getRequestId(), result, parent))
                .subscribeAsCompletionStage()
                .thenCompose(v -> {
                    answered.add(meta.getRequestId());
                    CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
                    for (Message<byte[]> m : item.messages) {
                        chain = chain.thenCompose(x -> deadLetters.publish(m, meta, STAGE, cause))
                                .thenCompose(x -> m.ack());
                    }
                    return chain;
                });
    }

    /** Parts of one item, their outputs and their messages (acked together). */
    static final class PendingItem {
        final TileBatch first;
        final float[][] outputs;
        final boolean[] claimed;
        final List<Message<byte[]>> messages = new ArrayList<>();
        final long startNanos = System.nanoTime();
        private int remaining;
        private boolean failed;

        PendingItem(TileBatch first) {
            this.first = first;
            this.outputs = new float[first.getPartCount()][];
            this.claimed = new boolean[first.getPartCount()];
            this.remaining = first.getPartCount();
        }

        synchronized boolean claim(int part, Message<byte[]> message) {
            if (part >= claimed.length || claimed[part]) {
                return false;
            }
            claimed[part] = true;
            messages.add(message);
            return true;
        }

        synchronized boolean done(int part, float[] rows) {
            outputs[part] = rows;
            return --remaining == 0 && !failed;
        }

        synchronized boolean failOnce() {
            if (failed) {
                return false;
            }
            failed = true;
            return true;
        }

        float[] concat() {
            int n = 0;
            for (float[] o : outputs) {
                n += o.length;
            }
            float[] all = new float[n];
            int at = 0;
            for (float[] o : outputs) {
                System.arraycopy(o, 0, all, at, o.length);
                at += o.length;
            }
            return all;
        }

        void ackAll() {
            messages.forEach(Message::ack);
        }
    }
}
