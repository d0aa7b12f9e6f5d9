package dev.hcxmesh.model.checkpoint;

import dev.hcxmesh.model.checkpoint.CheckpointException.Kind;
import dev.hcxmesh.model.config.HcxConfig;
import dev.hcxmesh.model.tensor.DType;
import dev.hcxmesh.model.tensor.Tensor;
import dev.hcxmesh.model.tensor.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Checks that a set of weights holds every tensor {@link WeightNames#expected} lists, with exactly
 * the expected shape and a supported dtype. Extra tensors (unused SigLIP layers, the SigLIP head) are
 * allowed.
 */
public final class CheckpointValidator {
    private static final Set<String> SUPPORTED = Set.of("F32", "BF16", "F16");
    private static final int MAX_LISTED = 10;

    private CheckpointValidator() {}

    /**
     * One finding.
     *
     * @param kind MISSING_TENSOR, SHAPE_MISMATCH or DTYPE_UNSUPPORTED
     * @param tensor the tensor's name
     * @param message names the expected and the found value
     */
    public record Problem(Kind kind, String tensor, String message) {}

    /** Every problem, in {@link WeightNames#expected} order; empty when the weights fit the config. */
    public static List<Problem> check(HcxConfig cfg, Weights weights) {
        var problems = new ArrayList<Problem>();
        for (TensorSpec spec : WeightNames.expected(cfg)) {
            String name = spec.name();
            if (!weights.contains(name)) {
                problems.add(new Problem(
                        Kind.MISSING_TENSOR,
                        name,
                        "missing tensor " + name + " (expected shape " + Arrays.toString(spec.shape()) + ")"));
                continue;
            }
            String dtype;
            long[] shape;
            if (weights instanceof Safetensors st) {
                Safetensors.Entry e = st.entry(name);
                dtype = e.dtype();
                shape = e.shape();
            } else {
                Tensor t = weights.get(name);
                dtype = t.dtype().name();
                shape = t.shape();
            }
            if (!spec.shapeEquals(shape)) {
                problems.add(new Problem(
                        Kind.SHAPE_MISMATCH,
                        name,
                        "tensor " + name + ": expected shape " + Arrays.toString(spec.shape()) + ", found "
                                + Arrays.toString(shape)));
            }
            if (!SUPPORTED.contains(dtype)) {
                problems.add(new Problem(
                        Kind.DTYPE_UNSUPPORTED,
                        name,
                        "tensor " + name + ": dtype " + dtype + " is not supported (expected one of "
                                + Arrays.toString(DType.values()) + ")"));
            }
        }
        return problems;
    }

    /**
     * Throws a {@link CheckpointException} of the first problem's kind, whose message lists the first
     * problems and how many there are in all.
     */
    public static void validate(HcxConfig cfg, Weights weights) {
        List<Problem> problems = check(cfg, weights);
        if (problems.isEmpty()) {
            return;
        }
        var msg = new StringBuilder();
        msg.append(problems.size()).append(problems.size() == 1 ? " problem" : " problems");
        msg.append(" in the checkpoint weights: ");
        for (int i = 0; i < Math.min(MAX_LISTED, problems.size()); i++) {
            msg.append(i == 0 ? "" : "; ").append(problems.get(i).message());
        }
        if (problems.size() > MAX_LISTED) {
            msg.append("; ... ").append(problems.size() - MAX_LISTED).append(" more");
        }
        throw new CheckpointException(problems.get(0).kind(), msg.toString());
    }
}
