package dev.hcxmesh.decoder.messaging;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.api.v1.JobResult;
import dev.hcxmesh.api.v1.Timing;
import dev.hcxmesh.common.MeshException;
import dev.hcxmesh.common.kafka.AnsweredRequests;
import dev.hcxmesh.common.kafka.DeadLetters;
import dev.hcxmesh.common.kafka.Envelopes;
import dev.hcxmesh.common.kafka.KafkaMessages;
import dev.hcxmesh.common.metrics.HopMetrics;
import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.decoder.admission.DecoderConfig;
import dev.hcxmesh.decoder.generate.GenerationStage;
import dev.hcxmesh.decoder.join.JoinedRequest;
import dev.hcxmesh.decoder.join.RequestJoin;
import dev.hcxmesh.events.v1.GenerationResult;
import dev.hcxmesh.events.v1.Meta;
import dev.hcxmesh.events.v1.Purpose;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Joins {@code hcx.manifests}, {@code hcx.embeddings} and {@code hcx.enrichment} by request id (the
 * topics are co-partitioned and read by one consumer with the range assignor, so one instance sees
 * all of a request; so is {@code hcx.results}, whose error results from other stages end a join),
 * generates once everything is there (or the OCR/Lens deadline passed), and
 * publishes exactly one result per request. Offsets of a request's records are committed only after
 * its result is on the broker; replays of answered requests ({@link AnsweredRequests}, which also
 * knows the results published before a restart) are acknowledged and ignored.
 *
 * <p>Back-pressure: at most {@code hcx.decoder.admission.kafka-in-flight} requests from Kafka are
 * generating or waiting in the engine at once. When all are taken, the record that completes a
 * further request holds the consumer until one finishes, so a burst stays on the broker as consumer
 * lag instead of growing the join or being refused. The engine is shared with gRPC and HTTP callers:
 * when its admission queue refuses a Kafka request (QUEUE_FULL) the request waits and is retried,
 * it is not answered with an error.
 */
@ApplicationScoped
public class JoinConsumer {
    private static final Logger LOG = Logger.getLogger(JoinConsumer.class);
    static final String STAGE = "decoder";
    static final long REQUEUE_DELAY_MS = 50;

    @Inject
    GenerationStage generation;

    @Inject
    DeadLetters deadLetters;

    @Inject
    AnsweredRequests answered;

    @Inject
    MeterRegistry registry;

    @Inject
    DecoderConfig config;

    @Inject
    @Channel("results-out")
    MutinyEmitter<byte[]> out;

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();
    /** Partitions of decoder-in this instance owns now ({@link DecoderRebalance}). */
    private final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();

    private Semaphore inFlight; // kafka-in-flight permits: one per request generating or in the engine's queue
    private ScheduledExecutorService sweeper;

    /** One request's join and the records to acknowledge with its result. */
    static final class Pending {
        final RequestJoin join = new RequestJoin();
        final List<Message<byte[]>> messages = new ArrayList<>();
        final long firstSeenNanos = System.nanoTime();
        /** The manifest said PURPOSE_EMBED: another decoder instance wanted the rows, not a result. */
        boolean embedOnly;
        /**
         * Generating or published, or ended by another stage's result; never started again nor dropped
         * by a revocation.
         */
        boolean started;

        /** Whether a record of this request came from a partition this instance no longer owns. */
        boolean disowned(Set<TopicPartition> owned) {
            return messages.stream().map(JoinConsumer::partitionOf).anyMatch(tp -> tp != null && !owned.contains(tp));
        }
    }

    void start(@Observes StartupEvent e) {
        registry.gauge("hcx_decoder_join_pending", waiting);
        registry.counter("hcx_decoder_enrichment_late_total"); // exported from start, 0 until a deadline passes
        registry.counter("hcx_decoder_requeued_total"); // QUEUE_FULL from the engine: retried, not answered
        registry.counter("hcx_decoder_join_dropped_total"); // joins handed to the next owner in a rebalance
        registry.counter("hcx_decoder_join_answered_elsewhere_total"); // joins ended by an error result upstream
        inFlight = new Semaphore(Math.max(1, config.admission().kafkaInFlight()), true);
        sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("join-sweeper").daemon().factory());
        sweeper.scheduleWithFixedDelay(this::sweep, 200, 200, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent e) {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }

    @Incoming("decoder-in")
    @Blocking
    public CompletionStage<Void> consume(Message<byte[]> message) {
        String topic = KafkaMessages.topicOf(message);
        if (topic.equals(Topics.RESULTS.name())) {
            return endJoin(message);
        }
        HopMetrics.queued(registry, message, STAGE);
        String requestId;
        try {
            requestId = route(topic, message);
        } catch (RuntimeException e) {
            var cause = e instanceof MeshException m
                    ? m
                    : new MeshException(ErrorCode.MESSAGE_MALFORMED, STAGE, e.getMessage());
            return deadLetters.publish(message, null, STAGE, cause).thenCompose(v -> message.ack());
        }
        if (requestId == null) {
            return message.ack(); // duplicate or replay of a finished request
        }
        tryStart(requestId, true);
        return CompletableFuture.completedFuture(null);
    }

    /**
     * A result on {@code hcx.results} ends its request's join: this decoder's own (the join is already
     * over), or an error from ingest or the encoder, after which the embeddings the join waits for
     * never come. Such a join is dropped and its records acknowledged, so they neither sit in memory
     * nor hold the partition's commits back until the connector's unprocessed-record age fails it.
     */
    private CompletionStage<Void> endJoin(Message<byte[]> message) {
        String id = requestIdOfResult(message);
        if (id == null) {
            return message.ack();
        }
        answered.add(id);
        Pending p = pending.get(id);
        if (p == null) {
            return message.ack();
        }
        List<Message<byte[]>> toAck;
        synchronized (p) {
            if (p.started) { // this decoder's own result, or one it is generating
                return message.ack();
            }
            p.started = true; // never generated now
            toAck = List.copyOf(p.messages);
        }
        if (pending.remove(id, p)) {
            waiting.decrementAndGet();
            registry.counter("hcx_decoder_join_answered_elsewhere_total").increment();
            LOG.infof("request %s was answered by another stage; its join is dropped", id);
            toAck.forEach(Message::ack);
        }
        return message.ack();
    }

    /**
     * The request a result answers: its key (every stage keys hcx.results by request id, so most
     * results are never parsed here), else its envelope; null for a record that does not parse.
     */
    private static String requestIdOfResult(Message<byte[]> message) {
        Object key = KafkaMessages.incoming(message).map(m -> m.getKey()).orElse(null);
        if (key instanceof String k && !k.isEmpty()) {
            return k;
        }
        try {
            var event = Topics.RESULTS.parse(message.getPayload());
            return event.getMeta().getRequestId().isEmpty()
                    ? event.getResult().getJobId()
                    : event.getMeta().getRequestId();
        } catch (RuntimeException e) { // not this stage's input: whoever reads results reports it
            LOG.warnf("unreadable record on %s: %s", Topics.RESULTS.name(), e.getMessage());
            return null;
        }
    }

    /** Adds the record to its request's join; returns the request id, or null when nothing changed. */
    private String route(String topic, Message<byte[]> message) {
        byte[] payload = message.getPayload();
        Meta meta;
        if (topic.equals(Topics.MANIFESTS.name())) {
            var m = Topics.MANIFESTS.parse(payload);
            meta = m.getMeta();
            return add(meta, message, p -> {
                p.embedOnly |= m.getPurpose() == Purpose.PURPOSE_EMBED;
                return p.join.add(m);
            });
        } else if (topic.equals(Topics.EMBEDDINGS.name())) {
            var e = Topics.EMBEDDINGS.parse(payload);
            meta = e.getMeta();
            return add(meta, message, p -> p.join.add(e));
        } else if (topic.equals(Topics.ENRICHMENT.name())) {
            var e = Topics.ENRICHMENT.parse(payload);
            meta = e.getMeta();
            return add(meta, message, p -> p.join.add(e));
        }
        throw new MeshException(ErrorCode.MESSAGE_MALFORMED, STAGE, "record from unexpected topic '" + topic + "'");
    }

    private String add(Meta meta, Message<byte[]> message, java.util.function.Predicate<Pending> adder) {
        Envelopes.checkVersion(meta, "decoder-in");
        String id = meta.getRequestId();
        if (id.isEmpty()) {
            throw new MeshException(ErrorCode.MESSAGE_MALFORMED, STAGE, "event without request_id");
        }
        if (answered.skipReplay(id, STAGE)) {
            return null;
        }
        Pending p = pending.computeIfAbsent(id, k -> {
            waiting.incrementAndGet();
            return new Pending();
        });
        synchronized (p) {
            if (!adder.test(p)) {
                return null;
            }
            p.messages.add(message);
        }
        return id;
    }

    private void sweep() {
        try {
            pending.keySet().forEach(id -> tryStart(id, false));
        } catch (RuntimeException e) {
            LOG.warn("join sweep failed", e);
        }
    }

    /**
     * Starts the request if its join is complete and an in-flight permit is free. The consumer's thread
     * ({@code mayWait}) waits for the permit, which holds back the Kafka consumer; the sweeper does not
     * and tries again on its next round.
     */
    private void tryStart(String id, boolean mayWait) {
        Pending p = pending.get(id);
        if (p == null) {
            return;
        }
        if (p.embedOnly) {
            finishEmbedOnly(id, p);
            return;
        }
        synchronized (p) {
            if (p.started || !p.join.ready(System.currentTimeMillis())) {
                return;
            }
        }
        if (!acquire(mayWait)) {
            return;
        }
        JoinedRequest request;
        synchronized (p) {
            if (p.started || !p.join.ready(System.currentTimeMillis())) { // the other thread started it
                inFlight.release();
                return;
            }
            if (p.disowned(owned)) { // a revocation came between its records: the next owner answers it
                inFlight.release();
                drop(id, p);
                return;
            }
            p.started = true;
            request = p.join.start();
        }
        double joinMs = (System.nanoTime() - p.firstSeenNanos) / 1e6;
        if (request.enrichmentLate()) {
            registry.counter("hcx_decoder_enrichment_late_total").increment();
            LOG.infof("request %s: OCR/Lens missed its deadline, generating without it", id);
        }
        generate(id, p, request, joinMs);
    }

    /** Requests whose join is open: waiting for records, or started and not yet published. */
    int joinsOpen() {
        return pending.size();
    }

    /** Partitions assigned to this instance ({@link DecoderRebalance}, before their first record). */
    void assigned(Collection<TopicPartition> partitions) {
        owned.addAll(partitions);
    }

    /**
     * Partitions revoked or lost ({@link DecoderRebalance}). Joins with a record from them that have not
     * started are dropped: their records are uncommitted and go to the next owner. Requests already
     * generating are waited for, up to {@code maxWait}, so that their results are on the broker before
     * the next owner reads {@code hcx.results}.
     */
    void revoked(Collection<TopicPartition> partitions, Duration maxWait) {
        owned.removeAll(partitions);
        pending.forEach((id, p) -> {
            synchronized (p) {
                if (p.started || !p.disowned(owned)) {
                    return;
                }
            }
            drop(id, p);
        });
        int permits = Math.max(1, config.admission().kafkaInFlight());
        long deadline = System.nanoTime() + maxWait.toNanos();
        try {
            while (inFlight.availablePermits() < permits) {
                if (System.nanoTime() - deadline > 0) {
                    LOG.warnf(
                            "partitions revoked while %d requests still generate; the next owner may answer them too",
                            permits - inFlight.availablePermits());
                    return;
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drop(String id, Pending p) {
        if (pending.remove(id, p)) {
            waiting.decrementAndGet();
            registry.counter("hcx_decoder_join_dropped_total").increment();
        }
    }

    /** The partition a record came from; null for a record without Kafka metadata (in-memory tests). */
    static TopicPartition partitionOf(Message<?> message) {
        return KafkaMessages.incoming(message)
                .map(m -> new TopicPartition(m.getTopic(), m.getPartition()))
                .orElse(null);
    }

    private boolean acquire(boolean mayWait) {
        if (!mayWait) {
            return inFlight.tryAcquire();
        }
        try {
            inFlight.acquire();
            return true;
        } catch (InterruptedException e) { // shutting down: the record stays unacknowledged and is redelivered
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Generates with a permit held; the permit is released once the result is published (or failed to be). */
    private void generate(String id, Pending p, JoinedRequest request, double joinMs) {
        long t0 = System.nanoTime();
        CompletionStage<JobResult> result;
        try {
            result = generation.generate(request);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete((r, error) -> {
            if (error == null && r.getError().getCode() == ErrorCode.QUEUE_FULL) { // keeps its permit
                registry.counter("hcx_decoder_requeued_total").increment();
                retryLater(id, p, request, joinMs);
                return;
            }
            JobResult jr = error == null
                    ? r
                    : JobResult.newBuilder()
                            .setJobId(id)
                            .setFinishReason("error")
                            .setError(MeshException.detailOf(error, STAGE, id))
                            .build();
            long generateNanos = System.nanoTime() - t0;
            registry.timer("hcx_decoder_generate_seconds").record(generateNanos, TimeUnit.NANOSECONDS);
            JobResult timed = jr.toBuilder()
                    .addTimings(Timing.newBuilder().setStage("join-wait").setMillis(joinMs))
                    .addTimings(Timing.newBuilder().setStage("generate").setMillis(generateNanos / 1e6))
                    .build();
            CompletionStage<Void> sent;
            try {
                sent = publish(request.meta(), timed, p);
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            sent.whenComplete((v, publishError) -> {
                try {
                    if (publishError != null) {
                        LOG.errorf(
                                publishError, "could not publish the result of %s; its records stay uncommitted", id);
                        return;
                    }
                    answered.add(id);
                    pending.remove(id);
                    waiting.decrementAndGet();
                    List<Message<byte[]>> toAck;
                    synchronized (p) {
                        toAck = List.copyOf(p.messages);
                    }
                    toAck.forEach(Message::ack);
                } finally {
                    inFlight.release(); // after the join forgot it: the join never holds more than the permits
                }
            });
        });
    }

    /**
     * The engine's queue was full (gRPC or HTTP callers share it): try again shortly. The request keeps
     * its permit meanwhile, so waiting requests count against kafka-in-flight too.
     */
    private void retryLater(String id, Pending p, JoinedRequest request, double joinMs) {
        try {
            sweeper.schedule(() -> generate(id, p, request, joinMs), REQUEUE_DELAY_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) { // shutting down: redelivered after restart
            inFlight.release();
            LOG.infof("request %s: not retried during shutdown; its records stay uncommitted", id);
        }
    }

    /**
     * An embed-only request (an OpenAI image part encoded for the decoder instance that asked, see
     * {@code dev.hcxmesh.decoder.vision}) is never generated: its records are acknowledged, later ones
     * are ignored as replays, and no result is published.
     */
    private void finishEmbedOnly(String id, Pending p) {
        if (pending.remove(id, p)) {
            waiting.decrementAndGet();
        }
        answered.add(id);
        List<Message<byte[]>> toAck;
        synchronized (p) {
            toAck = List.copyOf(p.messages);
            p.messages.clear();
        }
        registry.counter("hcx_decoder_embed_only_total").increment();
        toAck.forEach(Message::ack);
    }

    private CompletionStage<Void> publish(Meta requestMeta, JobResult result, Pending p) {
        Meta meta = Envelopes.child(requestMeta);
        var event =
                GenerationResult.newBuilder().setMeta(meta).setResult(result).build();
        registry.counter("hcx_decoder_results_total", "finish_reason", result.getFinishReason())
                .increment();
        Message<byte[]> parent;
        synchronized (p) {
            parent = p.messages.getFirst();
        }
        return out.sendMessage(KafkaMessages.record(Topics.RESULTS, meta.getRequestId(), event, parent))
                .subscribeAsCompletionStage();
    }
}
