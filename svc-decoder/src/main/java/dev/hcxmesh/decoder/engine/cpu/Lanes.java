package dev.hcxmesh.decoder.engine.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * A lane sum with one fixed order. {@code reduceLanes(ADD)} leaves the order of a float reduction
 * unspecified: C2's intrinsic adds as a tree while the interpreter's fallback adds left to right, so
 * a value could change by an ulp when a loop gets compiled, and results (attention scores here) would
 * depend on JIT timing. Element-wise adds are exact IEEE operations in every mode, so this tree gives
 * the same bits everywhere. (Matmul kernels need no lane sum: see {@link Panels}.)
 */
final class Lanes {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    private static final VectorShuffle<Float> SWAP8 = VectorShuffle.fromOp(F, i -> i ^ 8);
    private static final VectorShuffle<Float> SWAP4 = VectorShuffle.fromOp(F, i -> i ^ 4);
    private static final VectorShuffle<Float> SWAP2 = VectorShuffle.fromOp(F, i -> i ^ 2);
    private static final VectorShuffle<Float> SWAP1 = VectorShuffle.fromOp(F, i -> i ^ 1);

    private Lanes() {}

    /** Sum of the 16 lanes of {@code v} as a pairwise tree (lanes i and i^8, then ^4, ^2, ^1). */
    static float sum(FloatVector v) {
        v = v.add(v.rearrange(SWAP8));
        v = v.add(v.rearrange(SWAP4));
        v = v.add(v.rearrange(SWAP2));
        v = v.add(v.rearrange(SWAP1));
        return v.lane(0);
    }
}
