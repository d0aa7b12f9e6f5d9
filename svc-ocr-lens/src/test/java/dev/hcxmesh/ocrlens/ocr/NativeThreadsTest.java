package dev.hcxmesh.ocrlens.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NativeThreadsTest {

    @Test
    void setsOmpThreadLimitInTheProcessEnvironment() {
        String preset = System.getenv("OMP_THREAD_LIMIT"); // Java's view is frozen at JVM start
        assertThat(NativeThreads.limitOpenMp()).contains(preset == null ? "1" : preset);
        assertThat(NativeThreads.limitOpenMp()).contains(preset == null ? "1" : preset); // idempotent
    }
}
