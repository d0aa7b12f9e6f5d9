package dev.hcxmesh.model.tensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A set of named tensors: a loaded checkpoint, or an in-memory set built by a test. */
public interface Weights extends AutoCloseable {

    /** The tensor, or an {@link IllegalArgumentException} naming the missing tensor. */
    Tensor get(String name);

    boolean contains(String name);

    Set<String> names();

    /** Releases mappings; tensors obtained earlier become invalid. */
    @Override
    default void close() {}

    /** An in-memory set, in insertion order. */
    static Weights of(Map<String, Tensor> tensors) {
        var copy = new LinkedHashMap<>(tensors);
        return new Weights() {
            @Override
            public Tensor get(String name) {
                Tensor t = copy.get(name);
                if (t == null) {
                    throw new IllegalArgumentException("missing tensor " + name);
                }
                return t;
            }

            @Override
            public boolean contains(String name) {
                return copy.containsKey(name);
            }

            @Override
            public Set<String> names() {
                return copy.keySet();
            }
        };
    }
}
