package dev.hcxmesh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hcxmesh.contracts.Topic;
import dev.hcxmesh.contracts.Topics;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Strimzi cluster and topics against {@link Topics}; KEDA scalers against the services' consumer groups. */
class KafkaTest {

    static final Path ROOT = Manifests.repoRoot();
    static final Manifests BASE = Manifests.load(ROOT.resolve("deploy/k8s/base"));

    @Test
    void kafkaRunsKraftWithANodePool() {
        Manifests.Doc kafka = BASE.find("Kafka", "hcx-kafka").orElseThrow();
        assertThat(kafka.tree().at("/metadata/annotations/strimzi.io~1kraft").asText())
                .isEqualTo("enabled");
        assertThat(kafka.tree()
                        .at("/metadata/annotations/strimzi.io~1node-pools")
                        .asText())
                .isEqualTo("enabled");
        assertThat(kafka.tree().at("/spec/zookeeper").isMissingNode()).isTrue();
        List<Manifests.Doc> pools = BASE.ofKind("KafkaNodePool");
        assertThat(pools).isNotEmpty();
        Set<String> roles = pools.stream()
                .flatMap(p -> p.tree().at("/spec/roles").valueStream())
                .map(JsonNode::asText)
                .collect(Collectors.toSet());
        assertThat(roles).contains("controller", "broker");
        pools.forEach(p -> assertThat(
                        p.tree().at("/metadata/labels/strimzi.io~1cluster").asText())
                .isEqualTo("hcx-kafka"));
        // replication 3 / min ISR 2 needs three brokers
        int brokers = pools.stream()
                .mapToInt(p -> p.tree().at("/spec/replicas").asInt())
                .sum();
        assertThat(brokers).isGreaterThanOrEqualTo(3);
        assertThat(kafka.tree()
                        .at("/spec/kafka/config/auto.create.topics.enable")
                        .asBoolean(true))
                .isFalse();
    }

    @Test
    void topicsAreExactlyTopicsAll() {
        Map<String, Manifests.Doc> manifests = new TreeMap<>();
        for (Manifests.Doc d : BASE.ofKind("KafkaTopic")) {
            String name = d.tree().at("/spec/topicName").asText(d.name());
            assertThat(d.name()).isEqualTo(name);
            assertThat(d.tree().at("/metadata/labels/strimzi.io~1cluster").asText())
                    .isEqualTo("hcx-kafka");
            assertThat(manifests.put(name, d)).as("duplicate topic %s", name).isNull();
        }
        assertThat(manifests.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        Topics.ALL.stream().map(Topic::name).toList());
        for (Topic<?> t : Topics.ALL) {
            JsonNode spec = manifests.get(t.name()).tree().get("spec");
            assertThat(spec.get("partitions").asInt())
                    .as("%s partitions", t.name())
                    .isEqualTo(t.partitions());
            Map<String, String> configs = new HashMap<>();
            spec.get("config")
                    .fields()
                    .forEachRemaining(e -> configs.put(e.getKey(), e.getValue().asText()));
            assertThat(configs).as("%s config", t.name()).isEqualTo(t.configs());
        }
        assertThat(Integer.parseInt(Topics.TILES.configs().get("max.message.bytes")))
                .isEqualTo(Topics.TOPIC_MAX_MESSAGE_BYTES);
    }

    /** group.id -> topics of every incoming channel with a fixed group (not the per-instance job view). */
    static Map<String, Set<String>> consumerGroups() {
        Map<String, Set<String>> groups = new HashMap<>();
        for (String svc : ServiceConfig.SERVICES) {
            Properties p = ServiceConfig.applicationProperties(ROOT, svc);
            for (String k : p.stringPropertyNames()) {
                if (k.startsWith("mp.messaging.incoming.") && k.endsWith(".group.id")) {
                    String group = p.getProperty(k);
                    if (group.contains("${")) {
                        continue;
                    }
                    String channel = k.substring(0, k.length() - ".group.id".length());
                    String topics = p.getProperty(channel + ".topics", p.getProperty(channel + ".topic"));
                    groups.put(group, Set.of(topics.split(",")));
                }
            }
        }
        return groups;
    }

    @Test
    void kedaScalesEveryConsumerGroupOnItsOwnTopics() {
        Map<String, Set<String>> groups = consumerGroups();
        assertThat(groups.keySet())
                .containsExactlyInAnyOrder("hcx-ingest", "hcx-vision-encoder", "hcx-ocr-lens", "hcx-decoder");
        String bootstrap = ServiceWiringTest.env("svc-ingest").get("KAFKA_BOOTSTRAP_SERVERS");
        Map<String, Integer> partitions = Topics.ALL.stream().collect(Collectors.toMap(Topic::name, Topic::partitions));

        Map<String, String> scaledGroups = new HashMap<>();
        for (Manifests.Doc so : BASE.ofKind("ScaledObject")) {
            String target = so.tree().at("/spec/scaleTargetRef/name").asText();
            assertThat(BASE.find(Deployment.class, target))
                    .as("scale target %s", target)
                    .isPresent();
            for (JsonNode trig : so.tree().at("/spec/triggers")) {
                if (!trig.get("type").asText().equals("kafka")) {
                    continue;
                }
                JsonNode md = trig.get("metadata");
                String group = md.get("consumerGroup").asText();
                String topic = md.get("topic").asText();
                assertThat(groups).as("consumer group %s", group).containsKey(group);
                assertThat(groups.get(group)).as("topics of %s", group).contains(topic);
                assertThat(md.get("bootstrapServers").asText()).isEqualTo(bootstrap);
                assertThat(so.tree().at("/spec/maxReplicaCount").asInt())
                        .as("%s replicas beyond %s's partitions idle", target, topic)
                        .isLessThanOrEqualTo(partitions.get(topic));
                scaledGroups.put(group, target);
            }
        }
        assertThat(scaledGroups)
                .containsEntry("hcx-ingest", "svc-ingest")
                .containsEntry("hcx-vision-encoder", "svc-vision-encoder")
                .containsEntry("hcx-ocr-lens", "svc-ocr-lens")
                .containsEntry("hcx-decoder", "svc-decoder");
    }

    @Test
    void tritonScalesOnAnExportedQueueMetric() throws Exception {
        Manifests.Doc so = BASE.find("ScaledObject", "triton").orElseThrow();
        JsonNode trig = so.tree().at("/spec/triggers/0");
        assertThat(trig.get("type").asText()).isEqualTo("prometheus");
        String query = trig.at("/metadata/query").asText();
        List<String> names = Files.readAllLines(ROOT.resolve("observability/metric-names.txt")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList();
        assertThat(query).contains("hcx_encoder_queue_tiles");
        assertThat(names).contains("hcx_encoder_queue_tiles");
        assertThat(trig.at("/metadata/serverAddress").asText())
                .isEqualTo("http://prometheus.hcx-observability.svc:9090");
    }

    @Test
    void joinedTopicsStayCoPartitioned() {
        assertThat(consumerGroups().get("hcx-decoder")).allSatisfy(t -> assertThat(Topics.ALL.stream()
                        .filter(x -> x.name().equals(t))
                        .findFirst()
                        .orElseThrow()
                        .partitions())
                .isEqualTo(Topics.MANIFESTS.partitions()));
    }
}
