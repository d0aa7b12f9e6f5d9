package dev.hcxmesh.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs mesh services as child processes of this JVM (their packaged Quarkus apps), waits for their
 * readiness and stops them gracefully (SIGTERM, then a bounded wait). Used by the local launcher and
 * the end-to-end tests.
 */
public final class MeshProcesses implements AutoCloseable {
    private final Path repoRoot;
    private final Path logDir;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public MeshProcesses(Path repoRoot, Path logDir) {
        this.repoRoot = repoRoot;
        this.logDir = logDir;
    }

    /**
     * The JVM options every service runs with: Vector API, native access for FFM/JavaCPP, and
     * transparent huge pages for the heap (weights stream ~10-20 % faster than on 4 KiB pages; the
     * kernel's THP mode here is {@code madvise}, so the JVM must ask).
     */
    public static List<String> jvmOptions() {
        return List.of(
                "--add-modules",
                "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseSerialGC",
                "-XX:+UseTransparentHugePages");
    }

    /** Starts a service with the given config overrides (as -D system properties). */
    public void start(ServiceSpec service, Map<String, String> config, String heap) {
        Path jar = service.jar(repoRoot);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw -DskipTests install)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.addAll(jvmOptions());
        cmd.add("-Dquarkus.http.port=" + service.port());
        config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toString());
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(service.name() + ".log");
            var pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("OMP_THREAD_LIMIT", "1");
            processes.put(service.name(), pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + service.name(), e);
        }
    }

    /** Waits until {@code /q/health/ready} answers 200, or fails naming the log to read. */
    public Duration awaitReady(ServiceSpec service, Duration timeout) {
        long start = System.nanoTime();
        long end = start + timeout.toNanos();
        var request = HttpRequest.newBuilder(URI.create(service.baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (System.nanoTime() < end) {
            Process p = processes.get(service.name());
            if (p != null && !p.isAlive()) {
                throw new IllegalStateException(service.name() + " exited with " + p.exitValue() + "; see "
                        + logDir.resolve(service.name() + ".log"));
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            sleep(250);
        }
        throw new IllegalStateException(
                service.name() + " not ready after " + timeout + "; see " + logDir.resolve(service.name() + ".log"));
    }

    public Process process(String name) {
        return processes.get(name);
    }

    /** Kills a service abruptly (fault tests). */
    public void kill(String name) {
        Process p = processes.remove(name);
        if (p != null) {
            p.destroyForcibly();
            waitFor(p, 10);
        }
    }

    /** Graceful stop: SIGTERM to all, then wait; anything still alive after 30 s is killed. */
    @Override
    public void close() {
        processes.values().forEach(Process::destroy);
        for (Process p : processes.values()) {
            if (!waitFor(p, 30)) {
                p.destroyForcibly();
            }
        }
        processes.clear();
    }

    private static boolean waitFor(Process p, int seconds) {
        try {
            return p.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
