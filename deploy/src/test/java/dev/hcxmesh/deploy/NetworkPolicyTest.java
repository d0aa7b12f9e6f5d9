package dev.hcxmesh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Only svc-ingest is reachable from outside; the rest accept their callers only. */
class NetworkPolicyTest {

    static final Manifests BASE = Manifests.load(Manifests.repoRoot().resolve("deploy/k8s/base"));

    @Test
    void ingressIsDeniedByDefault() {
        NetworkPolicy deny = BASE.find(NetworkPolicy.class, "default-deny").orElseThrow();
        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).contains("Ingress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
    }

    @Test
    void onlyIngestIsOpenToAnySource() {
        for (NetworkPolicy np : BASE.typed(NetworkPolicy.class)) {
            List<NetworkPolicyIngressRule> rules = np.getSpec().getIngress();
            boolean open = rules != null
                    && rules.stream()
                            .anyMatch(r -> r.getFrom() == null || r.getFrom().isEmpty());
            if (open) {
                assertThat(np.getSpec().getPodSelector().getMatchLabels())
                        .as(
                                "policy %s opens pods to any source",
                                np.getMetadata().getName())
                        .containsExactly(java.util.Map.entry("app.kubernetes.io/name", "svc-ingest"));
            }
        }
        for (Service s : BASE.typed(Service.class)) {
            if (!"ClusterIP".equals(s.getSpec().getType()) && s.getSpec().getType() != null) {
                assertThat(s.getMetadata().getName()).isEqualTo("svc-ingest");
            }
        }
    }

    @Test
    void servicesMayReachKafkaTritonAndTheCollector() {
        NetworkPolicy egress = BASE.find(NetworkPolicy.class, "services-egress").orElseThrow();
        var ports = egress.getSpec().getEgress().stream()
                .flatMap(r -> r.getPorts().stream())
                .map(p -> p.getPort().getIntVal())
                .toList();
        assertThat(ports).contains(53, 9092, 9093, 8001, 4317, 4318);
        // the selector covers the four services (their pods carry the Kafka-client label)
        for (String svc : ServiceConfig.SERVICES) {
            assertThat(ServiceWiringTest.deployment(svc)
                            .getSpec()
                            .getTemplate()
                            .getMetadata()
                            .getLabels())
                    .containsAllEntriesOf(egress.getSpec().getPodSelector().getMatchLabels());
        }
        NetworkPolicy triton =
                BASE.find(NetworkPolicy.class, "triton-from-encoder").orElseThrow();
        assertThat(triton.getSpec().getIngress().getFirst().getFrom())
                .allSatisfy(peer -> assertThat(peer.getPodSelector()).isNotNull());
    }
}
