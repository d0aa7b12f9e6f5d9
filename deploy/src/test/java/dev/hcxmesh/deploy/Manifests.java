package dev.hcxmesh.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every Kubernetes document under a manifest directory, parsed once as a tree (Jackson YAML) and
 * as a model object (fabric8: typed for core kinds, {@link GenericKubernetesResource} for CRDs).
 * Kustomize files and JSON-patch lists are not resources and are skipped.
 */
final class Manifests {

    /** One YAML document of a manifest file. */
    record Doc(Path file, JsonNode tree, HasMetadata resource) {
        String kind() {
            return resource.getKind();
        }

        String name() {
            return resource.getMetadata().getName();
        }
    }

    static final YAMLMapper YAML = new YAMLMapper();
    static final KubernetesSerialization K8S = new KubernetesSerialization();

    private final List<Doc> docs;

    private Manifests(List<Doc> docs) {
        this.docs = List.copyOf(docs);
    }

    /** The repository root (surefire runs a module's tests in the module directory). */
    static Path repoRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("deploy/k8s")) ? here : here.getParent();
    }

    static Manifests load(Path dir) {
        List<Doc> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                if (f.getFileName().toString().equals("kustomization.yaml")) {
                    continue;
                }
                try (MappingIterator<JsonNode> it =
                        YAML.readerFor(JsonNode.class).readValues(f.toFile())) {
                    while (it.hasNext()) {
                        JsonNode tree = it.next();
                        if (tree == null || !tree.isObject() || !tree.has("kind")) {
                            continue; // JSON-patch lists, empty documents
                        }
                        KubernetesResource r = K8S.convertValue(tree, KubernetesResource.class);
                        if (!(r instanceof HasMetadata hm) || hm.getMetadata() == null) {
                            throw new AssertionError(f + ": not a Kubernetes object: " + tree.get("kind"));
                        }
                        out.add(new Doc(f, tree, hm));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Manifests(out);
    }

    List<Doc> all() {
        return docs;
    }

    List<Doc> ofKind(String kind) {
        return docs.stream().filter(d -> d.kind().equals(kind)).toList();
    }

    <T extends HasMetadata> List<T> typed(Class<T> type) {
        return docs.stream()
                .map(Doc::resource)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return typed(type).stream()
                .filter(r -> r.getMetadata().getName().equals(name))
                .findFirst();
    }

    Optional<Doc> find(String kind, String name) {
        return ofKind(kind).stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** A CRD document's tree (spec, metadata) for field checks. */
    static ObjectNode tree(Doc d) {
        return (ObjectNode) d.tree();
    }
}
