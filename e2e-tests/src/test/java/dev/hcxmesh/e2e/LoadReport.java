package dev.hcxmesh.e2e;

import dev.hcxmesh.api.v1.JobResult;
import dev.hcxmesh.api.v1.Timing;
import dev.hcxmesh.contracts.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Per-request latency samples of a load run and their Markdown report. Hop times come from Kafka
 * record timestamps (one host clock); engine times from the events ({@code encode_millis}, {@code
 * ocr_millis}) and {@code JobResult.timings} ({@code generate}); "transport" is hop time minus the
 * engine time inside it (queueing behind other requests, consumer polling, (de)serialisation, broker
 * round trips).
 */
final class LoadReport {
    private final int requests;
    private final int rate;
    private final int capSeconds;
    private final double hopTargetMs;
    private final Map<String, List<Double>> samples = new LinkedHashMap<>();

    LoadReport(int requests, int rate, int capSeconds, double hopTargetMs) {
        this.requests = requests;
        this.rate = rate;
        this.capSeconds = capSeconds;
        this.hopTargetMs = hopTargetMs;
    }

    void add(long submitMs, Map<String, List<ConsumerRecord<String, byte[]>>> hops, JobResult result) {
        long request = first(hops, Topics.MEDIA_REQUESTS.name(), submitMs);
        long tiles = first(hops, Topics.TILES.name(), -1);
        long embeddings = last(hops, Topics.EMBEDDINGS.name(), -1);
        long frames = first(hops, Topics.FRAMES.name(), -1);
        long enrichment = last(hops, Topics.ENRICHMENT.name(), -1);
        long results = first(hops, Topics.RESULTS.name(), -1);
        double encode = hops.getOrDefault(Topics.EMBEDDINGS.name(), List.of()).stream()
                .mapToDouble(r -> Topics.EMBEDDINGS.parse(r.value()).getEncodeMillis())
                .sum();
        double ocr = hops.getOrDefault(Topics.ENRICHMENT.name(), List.of()).stream()
                .mapToDouble(r -> Topics.ENRICHMENT.parse(r.value()).getOcrMillis())
                .sum();
        double generate = timing(result, "generate");
        put("end-to-end (submit → result)", results - submitMs);
        put("intake (submit call → media.requests)", request - submitMs);
        if (tiles >= 0) put("hop media.requests → tiles (ingest)", tiles - request);
        if (tiles >= 0 && embeddings >= 0) {
            put("hop tiles → embeddings (encoder)", embeddings - tiles);
            put("  encoder engine (encode_millis)", encode);
            put("  encoder queue + transport", embeddings - tiles - encode);
        }
        if (frames >= 0 && enrichment >= 0) {
            put("hop frames → enrichment (ocr-lens)", enrichment - frames);
            put("  ocr engine (ocr_millis)", ocr);
            put("  ocr queue + transport", enrichment - frames - ocr);
        }
        long inputs = Math.max(embeddings, enrichment);
        if (inputs >= 0) {
            put("hop embeddings/enrichment → results (decoder)", results - inputs);
            put("  decoder engine (generate)", generate);
            put("  decoder join-wait", timing(result, "join-wait"));
            put("  decoder queue + transport", results - inputs - generate);
        }
        double engines = encode + generate;
        put("engines on the critical path (encode + generate)", engines);
        put(
                "mesh overhead (end-to-end − engines: Kafka hops, queueing, ingest preprocessing, join)",
                results - submitMs - engines);
    }

    String render(int submitted, long submitMs, long lastResultMs, long wallMs, int lost, int duplicates, int errors) {
        var sb = new StringBuilder();
        sb.append("# Load report (e2e-tests LoadIT)\n\n");
        sb.append(String.format(
                Locale.ROOT,
                "- requests: %d submitted of %d, target rate %d req/s, cap %d s (loopback, tiny random checkpoint)%n",
                submitted,
                requests,
                rate,
                capSeconds));
        sb.append(String.format(
                Locale.ROOT,
                "- submit phase %.1f s; last result at %.1f s; throughput %.2f results/s%n",
                submitMs / 1000.0,
                lastResultMs / 1000.0,
                (submitted - lost) / Math.max(0.001, lastResultMs / 1000.0)));
        sb.append(String.format(
                Locale.ROOT,
                "- results lost: %d, duplicates: %d, error results: %d (wall %.1f s)%n%n",
                lost,
                duplicates,
                errors,
                wallMs / 1000.0));
        sb.append("| measure (ms) | n | p50 | p99 | max |\n|---|---:|---:|---:|---:|\n");
        samples.forEach((name, values) -> {
            var sorted = values.stream().sorted().toList();
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.1f | %.1f | %.1f |%n",
                    name,
                    sorted.size(),
                    pct(sorted, 50),
                    pct(sorted, 99),
                    sorted.getLast()));
        });
        sb.append(String.format(
                Locale.ROOT,
                "%nPer-hop queue + transport p99 (hop time minus the engine time inside it) vs the %.0f ms hop"
                        + " target (reported, not asserted; loopback, 2 shared cores for 4 JVMs + broker + test):%n",
                hopTargetMs));
        samples.forEach((name, values) -> {
            if (name.endsWith("transport")) {
                double p99 = pct(values.stream().sorted().toList(), 99);
                sb.append(String.format(
                        Locale.ROOT,
                        "- %s: p99 %.1f ms — %s%n",
                        name.strip(),
                        p99,
                        p99 <= hopTargetMs ? "within target" : "over target"));
            }
        });
        return sb.toString();
    }

    private void put(String name, double ms) {
        samples.computeIfAbsent(name, k -> new ArrayList<>()).add(ms);
    }

    private static double pct(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static double timing(JobResult r, String stage) {
        return r.getTimingsList().stream()
                .filter(t -> t.getStage().equals(stage))
                .mapToDouble(Timing::getMillis)
                .sum();
    }

    private static long first(Map<String, List<ConsumerRecord<String, byte[]>>> hops, String topic, long dflt) {
        return hops.getOrDefault(topic, List.of()).stream()
                .mapToLong(ConsumerRecord::timestamp)
                .min()
                .orElse(dflt);
    }

    private static long last(Map<String, List<ConsumerRecord<String, byte[]>>> hops, String topic, long dflt) {
        return hops.getOrDefault(topic, List.of()).stream()
                .mapToLong(ConsumerRecord::timestamp)
                .max()
                .orElse(dflt);
    }
}
