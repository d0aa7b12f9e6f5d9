package dev.hcxmesh.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dashboards and rules read only metric names listed in metric-names.txt (the services) or
 * external-metric-names.txt (Triton, Prometheus), or recorded by the rules themselves; every listed
 * service metric is registered in the services' sources.
 */
class MetricNamesTest {

    static final Path OBS = Paths.observability();

    static Set<String> listed(String file) {
        try {
            return new LinkedHashSet<>(Files.readAllLines(OBS.resolve(file)).stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** expression -> where it is, for every PromQL expression in rules and dashboards. */
    static Map<String, String> expressions() throws IOException {
        Map<String, String> exprs = new TreeMap<>();
        JsonNode rules = new YAMLMapper()
                .readTree(OBS.resolve("prometheus/hcx-mesh-rules.yml").toFile());
        for (JsonNode g : rules.get("groups")) {
            for (JsonNode r : g.get("rules")) {
                String name = r.has("alert")
                        ? r.get("alert").asText()
                        : r.get("record").asText();
                exprs.put(r.get("expr").asText(), "rule " + name);
            }
        }
        try (Stream<Path> files = Files.list(OBS.resolve("grafana/dashboards"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode dash = new ObjectMapper().readTree(f.toFile());
                for (JsonNode t : dash.findValues("targets")) {
                    t.forEach(x -> exprs.put(x.get("expr").asText(), f.getFileName() + " " + x.get("refId")));
                }
            }
        }
        return exprs;
    }

    static Set<String> recorded() throws IOException {
        Set<String> out = new TreeSet<>();
        JsonNode rules = new YAMLMapper()
                .readTree(OBS.resolve("prometheus/hcx-mesh-rules.yml").toFile());
        rules.findValues("record").forEach(r -> out.add(r.asText()));
        return out;
    }

    @Test
    void everyExpressionUsesOnlyListedNames() throws IOException {
        Set<String> allowed = new TreeSet<>(listed("metric-names.txt"));
        allowed.addAll(listed("external-metric-names.txt"));
        allowed.addAll(recorded());
        List<String> bad = new ArrayList<>();
        Map<String, String> exprs = expressions();
        assertThat(exprs).hasSizeGreaterThan(20);
        exprs.forEach((expr, where) -> {
            for (String n : PromQl.metricNames(expr)) {
                if (!allowed.contains(n)) {
                    bad.add(n + " in " + where);
                }
            }
        });
        assertThat(bad)
                .as("metric names not in metric-names.txt / external-metric-names.txt")
                .isEmpty();
    }

    @Test
    void everyListedNameIsUsed() throws IOException {
        Set<String> used = new TreeSet<>();
        expressions().keySet().forEach(e -> used.addAll(PromQl.metricNames(e)));
        assertThat(used).containsAll(listed("metric-names.txt"));
        assertThat(used).containsAll(listed("external-metric-names.txt"));
    }

    @Test
    void everyMeshMetricIsRegisteredInTheServices() throws IOException {
        StringBuilder sources = new StringBuilder();
        try (Stream<Path> files = Files.walk(Paths.root(), 14)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/java/"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .toList()) {
                sources.append(Files.readString(f));
            }
        }
        for (String name : listed("metric-names.txt")) {
            if (!name.startsWith("hcx_")) {
                continue; // Quarkus/Micrometer binders (http, jvm, kafka)
            }
            String base = name.replaceAll("_(count|sum|max|bucket)$", "");
            assertThat(sources.toString())
                    .as("a meter named %s in the services", base)
                    .contains("\"" + base + "\"");
        }
    }

    @Test
    void extractorSeesMetricsNotLabelsOrFunctions() {
        assertThat(
                        PromQl.metricNames(
                                "sum by (stage, code) (rate(hcx_dead_letters_total{stage=\"x\"}[5m])) / clamp_min(up, 1e-9) > 0.05"))
                .containsExactlyInAnyOrder("hcx_dead_letters_total", "up");
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (le) (rate(a_bucket[$__rate_interval])))"))
                .containsExactly("a_bucket");
    }
}
