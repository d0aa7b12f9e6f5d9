package dev.hcxmesh.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The series of one or more {@code /q/metrics} scrapes (Prometheus text format), and what {@code
 * histogram_quantile} would compute from the difference of two of them: a load run's own latency
 * distribution, free of what earlier tests put into the same histograms.
 */
final class PromSnapshot {
    /** One series: metric name and its labels (sorted, {@code le} included for buckets). */
    record Series(String name, Map<String, String> labels) {
        String label(String key) {
            return labels.getOrDefault(key, "");
        }
    }

    /** A histogram's change between two scrapes: upper bounds (s) → cumulative count, plus sum/count. */
    record Histogram(TreeMap<Double, Double> buckets, double count, double sum) {
        static final Histogram EMPTY = new Histogram(new TreeMap<>(), 0, 0);

        Histogram plus(Histogram o) {
            var b = new TreeMap<>(buckets);
            o.buckets.forEach((le, c) -> b.merge(le, c, Double::sum));
            return new Histogram(b, count + o.count, sum + o.sum);
        }

        /** Like PromQL's histogram_quantile: linear inside the bucket; the top finite bound for +Inf. Seconds. */
        double quantile(double q) {
            if (count <= 0 || buckets.isEmpty()) {
                return Double.NaN;
            }
            double rank = q * count;
            double lower = 0;
            double below = 0;
            for (var e : buckets.entrySet()) {
                double le = e.getKey();
                double cum = e.getValue();
                if (cum >= rank) {
                    if (Double.isInfinite(le)) {
                        return lower;
                    }
                    double inBucket = cum - below;
                    return inBucket <= 0 ? le : lower + (le - lower) * (rank - below) / inBucket;
                }
                lower = le;
                below = cum;
            }
            return lower;
        }

        /** Share of observations at or below {@code seconds} (exact when it is a bucket bound). */
        double shareAtMost(double seconds) {
            if (count <= 0) {
                return Double.NaN;
            }
            var e = buckets.floorEntry(seconds + 1e-12);
            return e == null ? 0 : e.getValue() / count;
        }

        double mean() {
            return count <= 0 ? Double.NaN : sum / count;
        }
    }

    private final Map<Series, Double> values;

    private PromSnapshot(Map<Series, Double> values) {
        this.values = values;
    }

    /** Scrapes every base URL's {@code /q/metrics}, tagging each series with {@code service}. */
    static PromSnapshot scrape(Map<String, String> baseUrls) throws IOException, InterruptedException {
        var http = HttpClient.newHttpClient();
        Map<Series, Double> all = new HashMap<>();
        for (var e : baseUrls.entrySet()) {
            String body = http.send(
                            HttpRequest.newBuilder(URI.create(e.getValue() + "/q/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            parse(body, e.getKey(), all);
        }
        return new PromSnapshot(all);
    }

    static PromSnapshot parse(String text, String service) {
        Map<Series, Double> all = new HashMap<>();
        parse(text, service, all);
        return new PromSnapshot(all);
    }

    private static void parse(String text, String service, Map<Series, Double> into) {
        for (String line : text.split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String name;
            String rest;
            Map<String, String> labels = new TreeMap<>();
            if (brace >= 0 && (space < 0 || brace < space)) {
                name = line.substring(0, brace);
                int close = closingBrace(line, brace);
                parseLabels(line.substring(brace + 1, close), labels);
                rest = line.substring(close + 1);
            } else {
                name = line.substring(0, space);
                rest = line.substring(space + 1);
            }
            // value [timestamp] [# exemplar {…} value]: the first token is the value
            String[] tokens = rest.strip().split("\\s+");
            labels.put("service", service);
            try {
                into.put(new Series(name, labels), Double.parseDouble(tokens[0]));
            } catch (NumberFormatException e) {
                // NaN/odd values are not needed
            }
        }
    }

    /** The '}' closing the label set opened at {@code open}, skipping quoted values. */
    private static int closingBrace(String line, int open) {
        boolean quoted = false;
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '}' && !quoted) {
                return i;
            }
        }
        return line.length() - 1;
    }

    private static void parseLabels(String s, Map<String, String> into) {
        int i = 0;
        while (i < s.length()) {
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                return;
            }
            String key = s.substring(i, eq).strip();
            int q = s.indexOf('"', eq) + 1;
            var value = new StringBuilder();
            int j = q;
            while (j < s.length() && s.charAt(j) != '"') {
                if (s.charAt(j) == '\\' && j + 1 < s.length()) {
                    j++;
                }
                value.append(s.charAt(j++));
            }
            into.put(key, value.toString());
            i = s.indexOf(',', j);
            if (i < 0) {
                return;
            }
            i++;
        }
    }

    /** Series names starting with {@code prefix}. */
    Set<String> names(String prefix) {
        Set<String> out = new TreeSet<>();
        values.keySet().stream()
                .map(Series::name)
                .filter(n -> n.startsWith(prefix))
                .forEach(out::add);
        return out;
    }

    /** The values {@code label} takes on series named {@code name}. */
    Set<String> labelValues(String name, String label) {
        Set<String> out = new TreeSet<>();
        values.keySet().stream().filter(s -> s.name().equals(name)).forEach(s -> out.add(s.label(label)));
        return out;
    }

    /** Every distinct label set (without {@code le}) of a histogram named {@code name}. */
    List<Map<String, String>> labelSets(String name) {
        var out = new LinkedHashMap<Map<String, String>, Boolean>();
        values.keySet().stream().filter(s -> s.name().equals(name + "_count")).forEach(s -> out.put(s.labels(), true));
        return new ArrayList<>(out.keySet());
    }

    /** The change since {@code before} of the histogram {@code name} over the series {@code which} selects (summed). */
    Histogram delta(PromSnapshot before, String name, Predicate<Series> which) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        double count = 0;
        double sum = 0;
        for (var e : values.entrySet()) {
            Series s = e.getKey();
            if (!which.test(s)) {
                continue;
            }
            double d = e.getValue() - before.values.getOrDefault(s, 0.0);
            if (s.name().equals(name + "_bucket")) {
                String le = s.label("le");
                double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                buckets.merge(bound, d, Double::sum);
            } else if (s.name().equals(name + "_count")) {
                count += d;
            } else if (s.name().equals(name + "_sum")) {
                sum += d;
            }
        }
        return new Histogram(buckets, count, sum);
    }

    /** The change of a counter/gauge series set since {@code before}. */
    double deltaValue(PromSnapshot before, String name, Predicate<Series> which) {
        return values.entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && which.test(e.getKey()))
                .mapToDouble(e -> e.getValue() - before.values.getOrDefault(e.getKey(), 0.0))
                .sum();
    }
}
