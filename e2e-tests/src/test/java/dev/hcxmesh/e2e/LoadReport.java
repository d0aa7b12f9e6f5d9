package dev.hcxmesh.e2e;

import dev.hcxmesh.contracts.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Markdown report of a load run. Two sources:
 *
 * <ul>
 *   <li>per-request samples the test takes itself (exact percentiles): end-to-end time, the client's
 *       gRPC {@code Submit} call and the server's share of it (a trailer from mesh-common's
 *       GrpcTimingInterceptor), the engines' own times carried in the events;
 *   <li>per-hop histograms the services export (the change of their {@code /q/metrics} over the
 *       run, percentiles as Prometheus' {@code histogram_quantile} computes them): Kafka transport
 *       (record created → consumer poll), its produce part (created → broker ack), the stage's queue
 *       (poll → work starts) and the stage's engine timer.
 * </ul>
 *
 * Latency is reported against the per-hop target, never asserted.
 */
final class LoadReport {
    /** One Kafka hop: a topic read by a consumer group (a stage), and the timer of the stage's work. */
    record Hop(String name, String topic, String group, String stage, String engineTimer) {}

    static final List<Hop> HOPS = List.of(
            new Hop(
                    "media.requests → svc-ingest",
                    Topics.MEDIA_REQUESTS.name(),
                    "hcx-ingest",
                    "ingest",
                    "hcx_ingest_prepare_seconds"),
            new Hop(
                    "tiles → svc-vision-encoder",
                    Topics.TILES.name(),
                    "hcx-vision-encoder",
                    "vision-encoder",
                    "hcx_encoder_batch_seconds"),
            new Hop("frames → svc-ocr-lens", Topics.FRAMES.name(), "hcx-ocr-lens", "ocr-lens", "hcx_ocr_seconds"),
            new Hop("manifests → svc-decoder", Topics.MANIFESTS.name(), "hcx-decoder", "decoder", null),
            new Hop(
                    "embeddings → svc-decoder",
                    Topics.EMBEDDINGS.name(),
                    "hcx-decoder",
                    "decoder",
                    "hcx_decoder_generate_seconds"),
            new Hop("enrichment → svc-decoder", Topics.ENRICHMENT.name(), "hcx-decoder", "decoder", null),
            new Hop("results → svc-ingest job board", Topics.RESULTS.name(), "hcx-ingest-jobs", null, null),
            new Hop("progress → svc-ingest job board", Topics.PROGRESS.name(), "hcx-ingest-jobs", null, null));

    /** What the run did, for the header. */
    record Run(
            String title,
            String cpu,
            int requests,
            int rate,
            int enrichEvery,
            int warmup,
            int capSeconds,
            int submitted,
            double submitSpanS,
            double lastResultS,
            double wallS,
            int lost,
            int duplicates,
            int errors,
            Map<String, Integer> errorCodes) {}

    private final double targetMs;
    private final Map<String, List<Double>> samples = new LinkedHashMap<>();

    LoadReport(double targetMs) {
        this.targetMs = targetMs;
    }

    /** Adds one per-request sample (ms) to the row {@code name}. */
    void put(String name, double ms) {
        samples.computeIfAbsent(name, k -> new ArrayList<>()).add(ms);
    }

    String render(Run run, PromSnapshot before, PromSnapshot after) {
        var sb = new StringBuilder();
        sb.append("## ").append(run.title()).append("\n\n");
        line(
                sb,
                "- load: %d image requests at %d req/s (open loop, one every %.0f ms), 1 in %d with OCR/Lens"
                        + " enrichment, after %d warm-up requests; cap %d s; loopback, tiny random checkpoint",
                run.requests(),
                run.rate(),
                1000.0 / run.rate(),
                run.enrichEvery(),
                run.warmup(),
                run.capSeconds());
        line(
                sb,
                "- achieved: %d submitted in %.2f s = **%.1f req/s**; last result at %.2f s = **%.1f results/s**;"
                        + " wall %.1f s",
                run.submitted(),
                run.submitSpanS(),
                (run.submitted() - 1) / Math.max(1e-3, run.submitSpanS()),
                run.lastResultS(),
                (run.submitted() - run.lost()) / Math.max(1e-3, run.lastResultS()),
                run.wallS());
        line(
                sb,
                "- results lost: **%d**, duplicates: **%d**, error results: %d %s",
                run.lost(),
                run.duplicates(),
                run.errors(),
                run.errorCodes().isEmpty() ? "" : run.errorCodes().toString());
        sb.append("- ").append(run.cpu()).append('\n');
        sb.append("\n### Per request (exact percentiles over the run's requests)\n\n");
        sb.append("| measure (ms) | n | p50 | p99 | max |\n|---|---:|---:|---:|---:|\n");
        samples.forEach((name, values) -> {
            var sorted = values.stream().sorted().toList();
            line(
                    sb,
                    "| %s | %d | %.1f | %.1f | %.1f |",
                    name,
                    sorted.size(),
                    pct(sorted, 50),
                    pct(sorted, 99),
                    sorted.getLast());
        });
        sb.append("\n### Per hop (service histograms over the run; ms)\n\n");
        sb.append("transport = record created by the producer's send() → returned by the consumer's poll (one host"
                + " clock); of which produce = created → broker ack; queue = poll → the stage starts work on it;"
                + " engine = the stage's own work timer. Percentiles are interpolated inside histogram buckets"
                + " (bounds 0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 50 … ms); `≤10 ms` is exact (a bucket bound).\n\n");
        sb.append("| hop | records | transport p50 | transport p99 | ≤10 ms | produce p50 | produce p99 | queue p50"
                + " | queue p99 | engine p50 | engine p99 | transport p99 ≤ target |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        List<String> verdicts = new ArrayList<>();
        for (Hop hop : HOPS) {
            var transport = after.delta(
                    before,
                    "hcx_kafka_transport_seconds",
                    s -> s.label("topic").equals(hop.topic())
                            && s.label("group").equals(hop.group()));
            if (transport.count() < 1) {
                continue;
            }
            var produce = after.delta(
                    before, "hcx_kafka_produce_seconds", s -> s.label("topic").equals(hop.topic()));
            var queue = hop.stage() == null
                    ? PromSnapshot.Histogram.EMPTY
                    : after.delta(
                            before,
                            "hcx_stage_queue_seconds",
                            s -> s.label("stage").equals(hop.stage())
                                    && s.label("topic").equals(hop.topic()));
            var engine = hop.engineTimer() == null
                    ? PromSnapshot.Histogram.EMPTY
                    : after.delta(before, hop.engineTimer(), s -> true);
            double share = transport.shareAtMost(targetMs / 1000);
            boolean met = share >= 0.99;
            line(
                    sb,
                    "| %s | %.0f | %s | %s | %.1f%% | %s | %s | %s | %s | %s | %s | %s |",
                    hop.name(),
                    transport.count(),
                    ms(transport, 0.5),
                    ms(transport, 0.99),
                    share * 100,
                    ms(produce, 0.5),
                    ms(produce, 0.99),
                    ms(queue, 0.5),
                    ms(queue, 0.99),
                    ms(engine, 0.5),
                    ms(engine, 0.99),
                    met ? "**met**" : "**missed**");
            verdicts.add(verdict(hop, transport, produce, met));
        }
        var grpc = after.delta(
                before,
                "hcx_grpc_server_seconds",
                s -> s.label("method").endsWith("/Submit") && s.label("service").equals("svc-ingest"));
        line(
                sb,
                "%nThe gRPC hop (client → svc-ingest `Submit`) is in the per-request table: the server's part"
                        + " (hcx_grpc_server_seconds, p50 %s / p99 %s ms over %.0f calls) includes the Kafka produce"
                        + " to hcx.media.requests (acks=all); \"wire\" is the client's call time minus the server's"
                        + " time for the same call.",
                ms(grpc, 0.5),
                ms(grpc, 0.99),
                grpc.count());
        sb.append(String.format(
                Locale.ROOT, "%n### Against the %.0f ms p99 per-hop target (reported, never asserted)%n%n", targetMs));
        var wire = samples.get(WIRE);
        if (wire != null) {
            double p99 = pct(wire.stream().sorted().toList(), 99);
            line(
                    sb,
                    "- gRPC Submit wire (client call − server time): p99 %.1f ms — %s",
                    p99,
                    p99 <= targetMs ? "**met**" : "**missed**");
        }
        verdicts.forEach(v -> sb.append("- ").append(v).append('\n'));
        return sb.toString();
    }

    static final String WIRE = "gRPC Submit wire (client call − server time)";

    private String verdict(Hop hop, PromSnapshot.Histogram transport, PromSnapshot.Histogram produce, boolean met) {
        double t99 = transport.quantile(0.99) * 1000;
        double p99 = produce.quantile(0.99) * 1000;
        String head = String.format(
                Locale.ROOT, "%s: transport p99 %.1f ms — %s", hop.name(), t99, met ? "**met**" : "**missed**");
        if (met) {
            return head;
        }
        double mean = transport.mean() * 1000;
        double produceMean = produce.mean() * 1000;
        return head
                + String.format(
                        Locale.ROOT,
                        "; produce (send → ack) p99 %.1f ms, mean %.1f of the transport mean %.1f ms; the rest is"
                                + " broker → poll (fetch wait, consumer paused by back-pressure or busy polling thread)",
                        p99,
                        produceMean,
                        mean);
    }

    private static String ms(PromSnapshot.Histogram h, double q) {
        return h.count() < 1 ? "–" : String.format(Locale.ROOT, "%.1f", h.quantile(q) * 1000);
    }

    private static void line(StringBuilder sb, String format, Object... args) {
        sb.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    private static double pct(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
