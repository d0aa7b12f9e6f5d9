package dev.hcxmesh.decoder.engine.cpu;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one vector width every CPU kernel uses: the widest this CPU runs natively (AVX-512: 16 float
 * lanes, AVX2: 8, NEON: 4). A species wider than the hardware is not compiled to vector
 * instructions at all: the Vector API falls back to Java loops over boxed lanes, about 100x slower
 * (measured: 512-bit kernels on an AVX2 Zen 3 ran at 0.2 GFLOP/s). So the panel height and every
 * layout that depends on it follow this width; weights are repacked at load, so a checkpoint does not
 * depend on it. Static finals, so C2 folds them into constants.
 *
 * <p>The Vector API's generic code ({@code IntVector.add}, {@code reinterpretAsShorts()}, the
 * template behind {@code reinterpretShape} and so on) dispatches on the vector's class through type
 * profiles that every caller in the process shares. Where C2 cannot prove a vector's class (a
 * loop-carried sum, say) it relies on those profiles, and once too many classes have passed through
 * one, the operation compiles to boxed Java code, many times slower, in some JVMs and not others. So
 * the kernels are written to keep few classes on each such path: Q4_0 changes lane types with {@code
 * reinterpretShape(species, 0)} and {@code convertShape(conv, species, 0)}, while BF16 and Q8_0 keep
 * {@code reinterpretAsFloats()}. Measured on an AVX-512 Xeon with BF16, Q8_0 and Q4_0 run in one JVM
 * (a 4-layer model, {@code DecoderBench -Dbench.fork=false}), Q4_0's batch 1 was in the boxed state
 * in 14 of 29 runs when it used the {@code reinterpretAs*} forms (some of them with diagnostic JVM
 * flags), in 1 of 18 after it moved to {@code reinterpretShape}, and in 4 of 4 when BF16 and Q8_0
 * used {@code reinterpretShape} as well. A new kernel or vector shape in the process should get the
 * same check: several formats in one JVM, each keeping its speed.
 */
final class Simd {
    /** Float lanes: one panel of output rows. */
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** Int lanes of the same width. */
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;

    static final int LANES = F.length();

    /**
     * Bytes that widen to one float vector: {@code LANES} bytes, or the 64-bit minimum species (8
     * lanes, of which the first {@code LANES} are used) when a vector holds only 4 floats.
     */
    static final VectorSpecies<Byte> B = ByteVector.SPECIES_64.length() >= LANES
            ? ByteVector.SPECIES_64
            : VectorSpecies.of(byte.class, VectorShape.forBitSize(8 * LANES));

    /** The bytes of one float vector, for floats stored in a byte array (reinterpreted, little-endian). */
    static final VectorSpecies<Byte> FB = VectorSpecies.of(byte.class, F.vectorShape());

    /** Shorts that widen to one int vector: the f16 scales of one panel's block. */
    static final VectorSpecies<Short> H = VectorSpecies.of(short.class, VectorShape.forBitSize(16 * LANES));

    private Simd() {}
}
