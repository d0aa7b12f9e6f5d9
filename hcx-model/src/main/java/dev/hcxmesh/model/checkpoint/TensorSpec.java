package dev.hcxmesh.model.checkpoint;

import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor the config says the checkpoint must hold: its canonical name and exact shape.
 *
 * @param name full checkpoint name ({@code language_model.model.norm.weight})
 * @param shape dimensions, outermost first
 */
public record TensorSpec(String name, long[] shape) {
    public TensorSpec {
        Objects.requireNonNull(name, "name");
        shape = shape.clone();
        for (long d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException(
                        "tensor " + name + ": non-positive dim in " + Arrays.toString(shape));
            }
        }
    }

    public static TensorSpec of(String name, long... shape) {
        return new TensorSpec(name, shape);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public boolean shapeEquals(long[] other) {
        return Arrays.equals(shape, other);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && t.name.equals(name) && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
