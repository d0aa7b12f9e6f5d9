package dev.hcxmesh.ocrlens.ocr;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Keeps native OCR code from spawning its own thread teams.
 *
 * <p>Facts checked on this machine: the bytedeco {@code libtesseract.so.5.5} (5.5.2-1.5.13) is built without
 * OpenMP (it has no {@code GOMP_*} imports), so its only parallelism is our pool of TessBaseAPI instances.
 * Debian's system libtesseract 5.3 <em>is</em> built with OpenMP and runs 4-7x slower on 2 vCPUs unless
 * {@code OMP_THREAD_LIMIT=1} (JAVA-STACK-NOTES §5); leptonica's bundle also ships a libgomp. libgomp reads
 * {@code OMP_THREAD_LIMIT} once, when it is loaded, so we set it in the process environment with libc
 * {@code setenv} (through the FFM API) <em>before</em> the first native OCR class loads. An explicit value
 * already in the environment is kept. Deployments should still export {@code OMP_THREAD_LIMIT=1}.
 */
public final class NativeThreads {

    private static volatile boolean applied;

    private NativeThreads() {}

    /** Idempotent; returns the effective OMP_THREAD_LIMIT as seen by libc getenv. */
    public static synchronized Optional<String> limitOpenMp() {
        try {
            Linker linker = Linker.nativeLinker();
            var libc = linker.defaultLookup();
            MethodHandle getenv = linker.downcallHandle(
                    libc.find("getenv").orElseThrow(), FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS));
            MethodHandle setenv = linker.downcallHandle(
                    libc.find("setenv").orElseThrow(),
                    FunctionDescriptor.of(
                            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            try (var arena = java.lang.foreign.Arena.ofConfined()) {
                MemorySegment name = arena.allocateFrom("OMP_THREAD_LIMIT");
                if (!applied) {
                    int rc = (int) setenv.invokeExact(name, arena.allocateFrom("1"), 0); // 0: keep existing
                    if (rc != 0) {
                        return Optional.empty();
                    }
                    applied = true;
                }
                MemorySegment v = (MemorySegment) getenv.invokeExact(name);
                return v.equals(MemorySegment.NULL)
                        ? Optional.empty()
                        : Optional.of(v.reinterpret(64).getString(0));
            }
        } catch (Throwable t) {
            return Optional.empty(); // best effort: never block OCR on this
        }
    }
}
