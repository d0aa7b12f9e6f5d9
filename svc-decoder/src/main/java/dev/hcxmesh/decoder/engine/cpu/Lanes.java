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
    private static final VectorSpecies<Float> F = Simd.F;
    // lane i swapped with i ^ half, half = LANES/2 .. 1
    private static final VectorShuffle<Float>[] SWAPS = swaps();

    private Lanes() {}

    /** Sum of the lanes of {@code v} as a pairwise tree (lanes i and i ^ LANES/2, then ^ LANES/4, ... ^1). */
    static float sum(FloatVector v) {
        for (VectorShuffle<Float> s : SWAPS) {
            v = v.add(v.rearrange(s));
        }
        return v.lane(0);
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] swaps() {
        int n = Integer.numberOfTrailingZeros(F.length());
        VectorShuffle<Float>[] s = new VectorShuffle[n];
        for (int k = 0; k < n; k++) {
            int half = F.length() >> (k + 1);
            s[k] = VectorShuffle.fromOp(F, i -> i ^ half);
        }
        return s;
    }
}
