package dev.hcxmesh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every environment variable the manifests set (ConfigMaps, container env, overlay patches) names a
 * configuration key the services really read, under Quarkus' env-var mapping (upper case, every
 * non-alphanumeric character to "_").
 */
class ConfigKeysTest {

    static final Path ROOT = Manifests.repoRoot();

    /**
     * Keys read by Quarkus or the Kafka client, not declared in the project's own files. Each is a
     * documented runtime key; the Kafka connector hands every {@code kafka.*} key to all channels.
     */
    static final Set<String> FRAMEWORK_KEYS = Set.of(
            "quarkus.http.ssl-port",
            "quarkus.http.ssl.client-auth",
            "quarkus.http.insecure-requests",
            "quarkus.tls.key-store.pem.0.cert",
            "quarkus.tls.key-store.pem.0.key",
            "quarkus.tls.trust-store.pem.certs",
            "kafka.security.protocol",
            "kafka.sasl.mechanism",
            "kafka.sasl.jaas.config",
            "kafka.ssl.truststore.type",
            "kafka.ssl.truststore.location");

    /** Process environment, not configuration. */
    static final Set<String> PROCESS_ENV = Set.of("JAVA_TOOL_OPTIONS");

    /** Env names set anywhere under deploy/k8s, with where they are set. */
    static Map<String, List<String>> envNames() {
        Map<String, List<String>> names = new HashMap<>();
        for (String dir : List.of("deploy/k8s/base", "deploy/k8s/overlays")) {
            for (Manifests.Doc d : Manifests.load(ROOT.resolve(dir)).all()) {
                String where = ROOT.relativize(d.file()) + " " + d.kind() + "/" + d.name();
                if (d.kind().equals("ConfigMap") && d.tree().has("data")) {
                    d.tree().get("data").fieldNames().forEachRemaining(n -> add(names, n, where));
                }
                for (JsonNode env : d.tree().findValues("env")) {
                    env.forEach(e -> add(names, e.get("name").asText(), where));
                }
            }
        }
        return names;
    }

    private static void add(Map<String, List<String>> names, String name, String where) {
        names.computeIfAbsent(name, k -> new ArrayList<>()).add(where);
    }

    @Test
    void everyEnvVarMapsToARealConfigKey() {
        Set<String> keys = new TreeSet<>(ServiceConfig.knownKeys(ROOT));
        keys.addAll(FRAMEWORK_KEYS);
        Map<String, String> byEnv = new HashMap<>();
        keys.forEach(k -> byEnv.put(ServiceConfig.envName(k), k));

        Map<String, List<String>> env = envNames();
        assertThat(env).isNotEmpty();
        List<String> unknown = new ArrayList<>();
        env.forEach((name, where) -> {
            if (!byEnv.containsKey(name) && !PROCESS_ENV.contains(name)) {
                unknown.add(name + " (" + where + ")");
            }
        });
        assertThat(unknown).as("env vars with no config key behind them").isEmpty();
    }

    @Test
    void theKeysTheBriefNamesAreSet() {
        assertThat(envNames())
                .containsKeys(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        "HCX_MODEL_PATH",
                        "HCX_ENCODER_ENGINE",
                        "HCX_ENCODER_TRITON_TARGET",
                        "QUARKUS_OTEL_SDK_DISABLED",
                        "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                        "KAFKA_SECURITY_PROTOCOL",
                        "KAFKA_SASL_MECHANISM",
                        "KAFKA_SASL_JAAS_CONFIG");
    }

    @Test
    void configMappingKeysAreReadFromTheSources() {
        Set<String> keys = ServiceConfig.configMappingKeys(ROOT);
        assertThat(keys)
                .contains(
                        "hcx.model.path",
                        "hcx.encoder.engine",
                        "hcx.encoder.triton.target",
                        "hcx.encoder.tile-budget",
                        "hcx.ingest.limits.max-bytes",
                        "hcx.ingest.url.allow-private",
                        "hcx.ingest.enrichment-deadline");
        assertThat(keys).noneMatch(k -> k.endsWith(".limits") || k.endsWith(".triton"));
    }

    @Test
    void envNamesFollowQuarkusMapping() {
        assertThat(ServiceConfig.envName("hcx.encoder.triton.target")).isEqualTo("HCX_ENCODER_TRITON_TARGET");
        assertThat(ServiceConfig.envName("quarkus.http.ssl-port")).isEqualTo("QUARKUS_HTTP_SSL_PORT");
        assertThat(ServiceConfig.kebab("inlineMaxBytes")).isEqualTo("inline-max-bytes");
    }
}
