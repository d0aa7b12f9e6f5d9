package dev.hcxmesh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every manifest parses with the fabric8 Kubernetes model; core kinds bind to typed classes with no
 * unknown field anywhere (a misspelt or misplaced field lands in "additionalProperties").
 */
class ModelSchemaTest {

    static final Set<String> CRD_KINDS = Set.of(
            "Kafka",
            "KafkaNodePool",
            "KafkaTopic",
            "KafkaUser",
            "ScaledObject",
            "TriggerAuthentication",
            "Certificate",
            "Issuer");

    @Test
    void everyDocumentBindsWithoutUnknownFields() {
        for (String dir : List.of("deploy/k8s/base", "deploy/k8s/overlays", "observability/k8s")) {
            List<Manifests.Doc> docs =
                    Manifests.load(Manifests.repoRoot().resolve(dir)).all();
            assertThat(docs).as(dir).isNotEmpty();
            for (Manifests.Doc d : docs) {
                HasMetadata r = d.resource();
                String what = d.file().getFileName() + " " + d.kind() + "/" + d.name();
                if (CRD_KINDS.contains(d.kind())) {
                    assertThat(r).as(what).isInstanceOf(GenericKubernetesResource.class);
                    assertThat(d.tree().get("apiVersion").asText()).as(what).matches("[a-z.-]+/v1(alpha1|beta2)?");
                } else {
                    assertThat(r).as(what + " is a typed core object").isNotInstanceOf(GenericKubernetesResource.class);
                    List<String> unknown = new ArrayList<>();
                    walk(r, d.kind(), unknown, new IdentityHashMap<>());
                    assertThat(unknown).as(what + " unknown fields").isEmpty();
                }
            }
        }
    }

    @Test
    void baseHasTheExpectedObjects() {
        Manifests base = Manifests.load(Manifests.repoRoot().resolve("deploy/k8s/base"));
        assertThat(base.ofKind("Deployment"))
                .extracting(Manifests.Doc::name)
                .containsExactlyInAnyOrder("svc-ingest", "svc-vision-encoder", "svc-ocr-lens", "svc-decoder", "triton");
        assertThat(base.ofKind("ScaledObject")).hasSize(5);
        assertThat(base.ofKind("KafkaTopic")).hasSize(9);
    }

    private static void walk(Object o, String path, List<String> unknown, Map<Object, Boolean> seen) {
        if (o == null || seen.put(o, true) != null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                walk(e, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "." + k, unknown, seen));
            return;
        }
        if (!(o instanceof KubernetesResource) || !o.getClass().getPackageName().startsWith("io.fabric8")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                Object v = m.invoke(o);
                if (m.getName().equals("getAdditionalProperties")) {
                    if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        unknown.add(path + " " + extra.keySet());
                    }
                } else {
                    walk(v, path + "." + m.getName().substring(3), unknown, seen);
                }
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
    }
}
