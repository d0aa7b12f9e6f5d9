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
 * <p>Kernels name the target species whenever lanes change type: {@code
 * v.reinterpretShape(species, 0)} and {@code convertShape(conv, species, 0)}, not {@code
 * reinterpretAsShorts()} or {@code convert(conv, 0)}. The latter are final methods that dispatch on
 * the vector's class inside the JDK, through one type profile shared by every caller in the process,
 * and look the target species up at run time. Where C2 cannot prove a vector's class (a loop-carried
 * sum, say) it then relies on that shared profile, and when other code has put other classes into it,
 * the operation compiles to boxed Java code: many times slower, and only in some JVMs (see {@link
 * Q4Matrix}). {@code reinterpretShape} dispatches at the kernel's own call site, whose profile sees
 * one class. For the same reason nothing else in the process should use these element types at
 * another vector shape.
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
