package dev.hcxmesh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The local profile document, the kustomizations and the secure overlay's references. */
class ProfilesTest {

    static final Path ROOT = Manifests.repoRoot();

    @Test
    void localProfileIsTheReadmeRunCommand() throws IOException {
        String line = Files.readAllLines(ROOT.resolve("README.md")).stream()
                .filter(l -> l.startsWith("scripts/run-mesh.sh"))
                .findFirst()
                .orElseThrow();
        assertThat(Files.readString(ROOT.resolve("deploy/local/README.md"))).contains(line);
    }

    @Test
    void kustomizationsReferenceExistingFiles() throws IOException {
        for (String k : List.of("deploy/k8s/base", "deploy/k8s/overlays/secure", "observability")) {
            Path dir = ROOT.resolve(k);
            JsonNode kz =
                    Manifests.YAML.readTree(dir.resolve("kustomization.yaml").toFile());
            for (JsonNode r : kz.path("resources")) {
                assertThat(dir.resolve(r.asText())).as(k + " resource").exists();
            }
            for (JsonNode p : kz.path("patches")) {
                assertThat(dir.resolve(p.get("path").asText())).as(k + " patch").exists();
            }
            for (JsonNode g : kz.path("configMapGenerator")) {
                for (JsonNode f : g.path("files")) {
                    assertThat(dir.resolve(f.asText()))
                            .as(k + " configMap file")
                            .exists();
                }
            }
        }
    }

    @Test
    void secureOverlayPatchesExistingObjectsWithSecretsThatExist() {
        Manifests base = Manifests.load(ROOT.resolve("deploy/k8s/base"));
        Manifests secure = Manifests.load(ROOT.resolve("deploy/k8s/overlays/secure"));
        Set<String> users = new HashSet<>();
        for (Manifests.Doc u : secure.ofKind("KafkaUser")) {
            users.add(u.name());
            assertThat(u.tree().at("/spec/authentication/type").asText()).isEqualTo("scram-sha-512");
        }
        Set<String> certs = new HashSet<>();
        secure.ofKind("Certificate")
                .forEach(c -> certs.add(c.tree().at("/spec/secretName").asText()));

        for (Manifests.Doc patch : secure.ofKind("Deployment")) {
            String name = patch.name();
            assertThat(base.find("Deployment", name))
                    .as("patched Deployment %s", name)
                    .isPresent();
            JsonNode c = patch.tree().at("/spec/template/spec/containers/0");
            assertThat(c.get("name").asText()).isEqualTo(name);
            for (JsonNode e : c.get("env")) {
                JsonNode ref = e.at("/valueFrom/secretKeyRef");
                if (!ref.isMissingNode()) {
                    assertThat(users)
                            .as("KafkaUser secret %s", ref.get("name").asText())
                            .contains(ref.get("name").asText());
                    assertThat(ref.get("key").asText()).isEqualTo("sasl.jaas.config");
                }
            }
            for (JsonNode v : patch.tree().at("/spec/template/spec/volumes")) {
                String secret = v.at("/secret/secretName").asText();
                assertThat(certs.contains(secret) || secret.equals("hcx-kafka-cluster-ca-cert"))
                        .as("secret %s has a source", secret)
                        .isTrue();
            }
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                assertThat(c.at("/" + probe + "/httpGet/scheme").asText()).isEqualTo("HTTPS");
            }
        }
        assertThat(users).containsAll(ServiceConfig.SERVICES);
        // every consumer group a service uses is granted to that service's user
        for (String svc : ServiceConfig.SERVICES) {
            var p = ServiceConfig.applicationProperties(ROOT, svc);
            Manifests.Doc user = secure.find("KafkaUser", svc).orElseThrow();
            Set<String> groupAcls = new HashSet<>();
            user.tree().at("/spec/authorization/acls").forEach(a -> {
                if (a.at("/resource/type").asText().equals("group")) {
                    groupAcls.add(a.at("/resource/name").asText());
                }
            });
            for (String k : p.stringPropertyNames()) {
                if (k.endsWith(".group.id")) {
                    String group = p.getProperty(k).replaceAll("\\$\\{[^}]+}", "");
                    assertThat(groupAcls).as("%s group %s", svc, group).anyMatch(group::startsWith);
                }
            }
        }
    }
}
