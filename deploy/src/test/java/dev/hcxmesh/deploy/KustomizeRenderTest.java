package dev.hcxmesh.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Renders the kustomizations with {@code kubectl kustomize} (skipped where kubectl is absent) and
 * checks the result: every object binds, the secure overlay's patches landed where they should.
 */
class KustomizeRenderTest {

    static final Path ROOT = Manifests.repoRoot();

    static List<HasMetadata> render(String dir) throws Exception {
        Path kubectl = null;
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, "kubectl"))) {
                kubectl = Path.of(d, "kubectl");
            }
        }
        assumeTrue(kubectl != null, "kubectl not installed");
        Process p = new ProcessBuilder(
                        kubectl.toString(), "kustomize", ROOT.resolve(dir).toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String yaml = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("kubectl kustomize " + dir).isZero();
        List<HasMetadata> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it =
                Manifests.YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && n.has("kind")) {
                    out.add((HasMetadata) Manifests.K8S.convertValue(n, KubernetesResource.class));
                }
            }
        }
        return out;
    }

    @Test
    void everyKustomizationRenders() throws Exception {
        assertThat(render("deploy/k8s/base")).hasSizeGreaterThan(40);
        List<HasMetadata> obs = render("observability");
        // generated ConfigMaps get a hash suffix; the Deployments must follow it
        List<String> cms = obs.stream()
                .filter(ConfigMap.class::isInstance)
                .map(r -> r.getMetadata().getName())
                .toList();
        for (HasMetadata r : obs) {
            if (r instanceof Deployment d) {
                d.getSpec().getTemplate().getSpec().getVolumes().stream()
                        .filter(v -> v.getConfigMap() != null)
                        .forEach(v -> assertThat(cms).contains(v.getConfigMap().getName()));
            }
            assertThat(r.getMetadata().getNamespace() == null
                            || r.getMetadata().getNamespace().equals("hcx-observability"))
                    .isTrue();
        }
    }

    @Test
    void secureOverlayRendersTlsEverywhere() throws Exception {
        List<HasMetadata> secure = render("deploy/k8s/overlays/secure");
        Map<String, String> env = new HashMap<>();
        secure.stream()
                .filter(r -> r instanceof ConfigMap && r.getMetadata().getName().equals("hcx-mesh-env"))
                .map(r -> ((ConfigMap) r).getData())
                .forEach(env::putAll);
        assertThat(env)
                .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry("QUARKUS_HTTP_INSECURE_REQUESTS", "disabled")
                .containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0"); // base keys survive the merge
        assertThat(env.get("KAFKA_BOOTSTRAP_SERVERS")).endsWith(":9093");

        int services = 0;
        for (HasMetadata r : secure) {
            if (!(r instanceof Deployment d) || d.getMetadata().getName().equals("triton")) {
                continue;
            }
            services++;
            Container c = d.getSpec().getTemplate().getSpec().getContainers().getFirst();
            int port = c.getPorts().getFirst().getContainerPort();
            assertThat(c.getEnv()).extracting(EnvVar::getName).contains("KAFKA_SASL_JAAS_CONFIG");
            assertThat(c.getEnv())
                    .filteredOn(e -> e.getName().equals("QUARKUS_HTTP_SSL_PORT"))
                    .extracting(EnvVar::getValue)
                    .containsExactly(Integer.toString(port));
            assertThat(c.getEnvFrom()).hasSize(2); // the base envFrom is kept
            assertThat(c.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
            assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
            assertThat(c.getVolumeMounts()).extracting(m -> m.getMountPath()).contains("/etc/hcx/tls", "/models");
        }
        assertThat(services).isEqualTo(4);
        assertThat(secure.stream()
                        .filter(r -> r.getKind().equals("ScaledObject"))
                        .map(r -> Manifests.K8S.convertValue(r, JsonNode.class))
                        .filter(n -> n.at("/spec/triggers/0/type").asText().equals("kafka")))
                .hasSize(4)
                .allSatisfy(n -> {
                    assertThat(n.at("/spec/triggers/0/authenticationRef/name").asText())
                            .isEqualTo("keda-kafka");
                    assertThat(n.at("/spec/triggers/0/metadata/bootstrapServers")
                                    .asText())
                            .endsWith(":9093");
                });
        JsonNode kafka = secure.stream()
                .filter(r -> r.getKind().equals("Kafka"))
                .map(r -> Manifests.K8S.convertValue(r, JsonNode.class))
                .findFirst()
                .orElseThrow();
        assertThat(kafka.at("/spec/kafka/listeners")).hasSize(1);
        assertThat(kafka.at("/spec/kafka/listeners/0/authentication/type").asText())
                .isEqualTo("scram-sha-512");
        assertThat(kafka.at("/spec/kafka/listeners/0/tls").asBoolean()).isTrue();
    }
}
