package dev.hcxmesh.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OTel Collector config: every component a pipeline names is defined, and the wiring is right. */
class CollectorConfigTest {

    static JsonNode config() throws Exception {
        return new YAMLMapper()
                .readTree(Paths.observability()
                        .resolve("otel-collector/config.yaml")
                        .toFile());
    }

    @Test
    void pipelinesReferenceDefinedComponents() throws Exception {
        JsonNode c = config();
        List<String> missing = new ArrayList<>();
        c.at("/service/pipelines").fields().forEachRemaining(p -> {
            for (String kind : List.of("receivers", "processors", "exporters")) {
                for (JsonNode ref : p.getValue().path(kind)) {
                    if (!c.path(kind).has(ref.asText())) {
                        missing.add(p.getKey() + " " + kind + " " + ref.asText());
                    }
                }
            }
        });
        for (JsonNode ext : c.at("/service/extensions")) {
            if (!c.path("extensions").has(ext.asText())) {
                missing.add("extension " + ext.asText());
            }
        }
        assertThat(missing).isEmpty();
        // nothing defined and left unused (the collector accepts it, but it is usually a mistake)
        for (String kind : List.of("receivers", "processors", "exporters")) {
            c.path(kind).fieldNames().forEachRemaining(name -> assertThat(
                            c.at("/service/pipelines").findValues(kind))
                    .as("%s %s used by a pipeline", kind, name)
                    .anyMatch(list -> list.toString().contains("\"" + name + "\"")));
        }
    }

    @Test
    void otlpInTracesAndMetricsOut() throws Exception {
        JsonNode c = config();
        assertThat(c.at("/receivers/otlp/protocols/grpc/endpoint").asText()).endsWith(":4317");
        assertThat(c.at("/receivers/otlp/protocols/http/endpoint").asText()).endsWith(":4318");
        JsonNode traces = c.at("/service/pipelines/traces");
        assertThat(traces.get("receivers").toString()).contains("otlp");
        assertThat(traces.get("exporters").get(0).asText()).startsWith("otlp");
        JsonNode metrics = c.at("/service/pipelines/metrics");
        assertThat(metrics.get("exporters").toString()).contains("prometheus");
        assertThat(c.at("/exporters/prometheus/endpoint").asText()).endsWith(":8889");
        // batch last, memory_limiter first (the collector's documented order)
        for (JsonNode p : List.of(traces, metrics)) {
            JsonNode procs = p.get("processors");
            assertThat(procs.get(0).asText()).isEqualTo("memory_limiter");
            assertThat(procs.get(procs.size() - 1).asText()).isEqualTo("batch");
        }
    }

    @Test
    void servicesExportToTheCollectorsHttpPort() throws Exception {
        // the services use quarkus.otel.exporter.otlp.traces.protocol=http/protobuf (mesh-common)
        String base = java.nio.file.Files.readString(Paths.root().resolve("deploy/k8s/base/config.yaml"));
        assertThat(base)
                .contains(
                        "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: http://otel-collector.hcx-observability.svc:4318");
        String svc = java.nio.file.Files.readString(Paths.observability().resolve("k8s/otel-collector.yaml"));
        assertThat(svc).contains("name: otel-collector").contains("port: 4318");
    }
}
