package dev.hcxmesh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Deployments and Services of the four services and Triton: images, ports, probes, shutdown, GPUs. */
class ServiceWiringTest {

    static final Path ROOT = Manifests.repoRoot();
    static final Manifests BASE = Manifests.load(ROOT.resolve("deploy/k8s/base"));

    static Deployment deployment(String name) {
        return BASE.find(Deployment.class, name).orElseThrow(() -> new AssertionError("no Deployment " + name));
    }

    static Container container(Deployment d) {
        List<Container> cs = d.getSpec().getTemplate().getSpec().getContainers();
        assertThat(cs).as("%s containers", d.getMetadata().getName()).hasSize(1);
        return cs.getFirst();
    }

    static int resolvePort(Container c, IntOrString target) {
        if (target.getIntVal() != null) {
            return target.getIntVal();
        }
        return c.getPorts().stream()
                .filter(p -> target.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + target.getStrVal()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"svc-ingest", "svc-vision-encoder", "svc-ocr-lens", "svc-decoder"})
    void serviceDeploymentMatchesItsQuarkusApp(String name) {
        int httpPort =
                Integer.parseInt(ServiceConfig.applicationProperties(ROOT, name).getProperty("quarkus.http.port"));
        Deployment d = deployment(name);
        Container c = container(d);
        assertThat(c.getImage()).isEqualTo("ghcr.io/hcx-mesh/" + name + ":0.1.0");
        assertThat(c.getPorts()).extracting(ContainerPort::getContainerPort).containsExactly(httpPort);

        Service s = BASE.find(Service.class, name).orElseThrow();
        assertThat(s.getSpec().getSelector())
                .isEqualTo(d.getSpec().getSelector().getMatchLabels());
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
        for (ServicePort sp : s.getSpec().getPorts()) {
            assertThat(resolvePort(c, sp.getTargetPort()))
                    .as("%s targetPort", name)
                    .isEqualTo(httpPort);
            assertThat(sp.getPort()).isEqualTo(httpPort);
            assertThat(sp.getAppProtocol()).as("gRPC shares the port (h2c)").isEqualTo("kubernetes.io/h2c");
        }
        Service metrics = BASE.find(Service.class, name + "-metrics").orElseThrow();
        assertThat(metrics.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(resolvePort(c, metrics.getSpec().getPorts().getFirst().getTargetPort()))
                .isEqualTo(httpPort);

        assertProbe(c, c.getReadinessProbe(), "/q/health/ready", httpPort);
        assertProbe(c, c.getLivenessProbe(), "/q/health/live", httpPort);
        assertProbe(c, c.getStartupProbe(), "/q/health/started", httpPort);

        PodSpec pod = d.getSpec().getTemplate().getSpec();
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(30L);
        assertThat(c.getLifecycle().getPreStop()).isNotNull();
        assertThat(pod.getTerminationGracePeriodSeconds())
                .as("grace covers preStop + quarkus.shutdown.timeout")
                .isGreaterThanOrEqualTo(preStopSeconds(c) + shutdownSeconds(name));
        assertResources(c);
        assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/path", "/q/metrics")
                .containsEntry("prometheus.io/port", Integer.toString(httpPort));

        for (var ef : c.getEnvFrom()) {
            String cm = ef.getConfigMapRef().getName();
            assertThat(BASE.find(ConfigMap.class, cm)).as("ConfigMap %s", cm).isPresent();
        }
        assertThat(c.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/models") && m.getReadOnly());
    }

    static long preStopSeconds(Container c) {
        var sleep = c.getLifecycle().getPreStop().getSleep();
        return sleep == null ? 0 : sleep.getSeconds();
    }

    static long shutdownSeconds(String service) {
        String v = env(service).getOrDefault("QUARKUS_SHUTDOWN_TIMEOUT", "20s");
        return Long.parseLong(v.replace("s", ""));
    }

    /** The env a service's container gets from its ConfigMaps (later ones win). */
    static Map<String, String> env(String service) {
        var map = new java.util.HashMap<String, String>();
        for (var ef : container(deployment(service)).getEnvFrom()) {
            BASE.find(ConfigMap.class, ef.getConfigMapRef().getName())
                    .map(ConfigMap::getData)
                    .ifPresent(map::putAll);
        }
        return map;
    }

    static void assertProbe(Container c, Probe p, String path, int port) {
        assertThat(p).as("%s probe for %s", c.getName(), path).isNotNull();
        assertThat(p.getHttpGet().getPath()).isEqualTo(path);
        assertThat(resolvePort(c, p.getHttpGet().getPort())).isEqualTo(port);
    }

    static void assertResources(Container c) {
        Map<String, Quantity> req = c.getResources().getRequests();
        Map<String, Quantity> lim = c.getResources().getLimits();
        for (String r : List.of("cpu", "memory")) {
            assertThat(req).as("%s requests", c.getName()).containsKey(r);
            assertThat(lim).as("%s limits", c.getName()).containsKey(r);
            assertThat(Quantity.getAmountInBytes(lim.get(r)))
                    .as("%s %s limit >= request", c.getName(), r)
                    .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(req.get(r)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"svc-vision-encoder", "svc-decoder", "triton"})
    void gpuWorkloadsLandOnGpuNodes(String name) {
        PodSpec pod = deployment(name).getSpec().getTemplate().getSpec();
        assertThat(pod.getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
        assertThat(pod.getTolerations())
                .extracting(Toleration::getKey, Toleration::getOperator, Toleration::getEffect)
                .contains(org.assertj.core.groups.Tuple.tuple("nvidia.com/gpu", "Exists", "NoSchedule"));
    }

    @Test
    void tritonServesTheExportedEncoderWithOneGpu() {
        Deployment d = deployment("triton");
        Container c = container(d);
        assertThat(c.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(c.getPorts()).extracting(ContainerPort::getContainerPort).containsExactly(8000, 8001, 8002);
        assertThat(c.getArgs())
                .contains(
                        "--model-repository=/models/triton",
                        "--http-port=8000",
                        "--grpc-port=8001",
                        "--metrics-port=8002");
        assertProbe(c, c.getReadinessProbe(), "/v2/health/ready", 8000);
        assertProbe(c, c.getLivenessProbe(), "/v2/health/live", 8000);
        assertThat(d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .isGreaterThanOrEqualTo(30L);

        // the init container exports exactly the model the encoder asks for, where Triton reads it
        String export = String.join(
                " ",
                d.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getInitContainers()
                        .getFirst()
                        .getArgs());
        Map<String, String> encoderEnv = env("svc-vision-encoder");
        String model = encoderEnv.get("HCX_ENCODER_TRITON_MODEL");
        assertThat(export)
                .contains("dev.hcxmesh.encoder.export.TritonExport")
                .contains("/models/triton/" + model + "/config.pbtxt")
                .contains(env("svc-decoder").get("HCX_MODEL_PATH") + " /models/triton");
        assertThat(model).isEqualTo("hcx_vision_encoder");

        // the encoder's target is Triton's gRPC port on its Service
        assertThat(encoderEnv).containsEntry("HCX_ENCODER_ENGINE", "triton");
        Service s = BASE.find(Service.class, "triton").orElseThrow();
        String target = encoderEnv.get("HCX_ENCODER_TRITON_TARGET");
        assertThat(target).startsWith(s.getMetadata().getName() + ".hcx-mesh.svc:");
        int port = Integer.parseInt(target.substring(target.indexOf(':') + 1));
        ServicePort grpc = s.getSpec().getPorts().stream()
                .filter(p -> p.getPort() == port)
                .findFirst()
                .orElseThrow();
        assertThat(resolvePort(c, grpc.getTargetPort())).isEqualTo(8001);
    }

    @Test
    void everyVolumeClaimAndConfigMapReferencedExists() {
        for (Deployment d : BASE.typed(Deployment.class)) {
            for (var v : d.getSpec().getTemplate().getSpec().getVolumes()) {
                if (v.getPersistentVolumeClaim() != null) {
                    assertThat(BASE.find(
                                    "PersistentVolumeClaim",
                                    v.getPersistentVolumeClaim().getClaimName()))
                            .as("%s volume %s", d.getMetadata().getName(), v.getName())
                            .isPresent();
                }
            }
        }
    }

    @Test
    void quarkusBindsAllInterfacesAndTracesToTheCollector() {
        Map<String, String> env = env("svc-ingest");
        assertThat(env)
                .containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0")
                .containsEntry("QUARKUS_OTEL_SDK_DISABLED", "false")
                .containsEntry("HCX_MODEL_PATH", "/models/HyperCLOVAX-SEED-Vision-Instruct-3B");
        assertThat(env.get("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"))
                .isEqualTo("http://otel-collector.hcx-observability.svc:4318");
        assertThat(env.get("JAVA_TOOL_OPTIONS"))
                .contains("--add-modules jdk.incubator.vector")
                .contains("--enable-native-access=ALL-UNNAMED");
    }
}
