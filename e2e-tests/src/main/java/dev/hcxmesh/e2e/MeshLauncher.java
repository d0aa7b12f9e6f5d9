package dev.hcxmesh.e2e;

import dev.hcxmesh.api.v1.JobResult;
import dev.hcxmesh.api.v1.MediaKind;
import dev.hcxmesh.api.v1.Timing;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The main job (README command 1): starts a real Kafka broker (KRaft, child process) and the four
 * services on loopback with embedded engines, sends a sample image (a chart with text) and a sample
 * video through the whole mesh, and prints each answer with its timings, token counts and the
 * OCR/Lens fields the prompt used. Ctrl-C stops everything cleanly.
 *
 * <pre>
 * MeshLauncher [--model DIR|org/name] [--image FILE] [--video FILE] [--prompt TEXT] [--serve] [--base-port N]
 * </pre>
 */
public final class MeshLauncher {
    private MeshLauncher() {}

    record Options(
            Optional<String> model,
            Optional<Path> image,
            Optional<Path> video,
            String prompt,
            boolean serve,
            int basePort,
            Path workDir) {

        static Options parse(String[] args) {
            Optional<String> model = Optional.empty();
            Optional<Path> image = Optional.empty();
            Optional<Path> video = Optional.empty();
            String prompt = "이 이미지를 설명해 주세요. Describe what you see.";
            boolean serve = false;
            int base = 8080;
            Path work = Path.of(".mesh");
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--model" -> model = Optional.of(args[++i]);
                    case "--image" -> image = Optional.of(Path.of(args[++i]));
                    case "--video" -> video = Optional.of(Path.of(args[++i]));
                    case "--prompt" -> prompt = args[++i];
                    case "--serve" -> serve = true;
                    case "--base-port" -> base = Integer.parseInt(args[++i]);
                    case "--work-dir" -> work = Path.of(args[++i]);
                    default ->
                        throw new IllegalArgumentException(
                                "unknown argument " + args[i]
                                        + "; usage: [--model DIR|org/name] [--image FILE] [--video FILE] [--prompt TEXT] [--serve]");
                }
            }
            return new Options(model, image, video, prompt, serve, base, work);
        }
    }

    public static void main(String[] args) throws Exception {
        Options opt = Options.parse(args);
        Path root = Path.of("").toAbsolutePath();
        Path work = opt.workDir().toAbsolutePath();
        long t0 = System.nanoTime();
        ModelChoice model = ModelChoice.resolve(opt.model(), work);
        System.out.println("== model: " + model.describe());

        Process broker = startBroker(work, opt.basePort());
        var services = new MeshProcesses(root, work.resolve("logs"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            services.close();
            broker.destroy();
            try {
                broker.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        String bootstrap = "127.0.0.1:" + brokerPort(opt.basePort());
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", bootstrap);
        config.put("hcx.model.path", model.path().toString());
        config.put("hcx.ingest.blob-dir", work.resolve("blobs").toString());
        var specs = ServiceSpec.mesh(opt.basePort());
        for (var s : specs) {
            services.start(s, config, "2g");
        }
        for (var s : specs) {
            Duration d = services.awaitReady(s, Duration.ofSeconds(180));
            System.out.printf("   %-20s ready (%.1f s)%n", s.name(), d.toMillis() / 1000.0);
        }
        System.out.printf(
                "== mesh ready in %.1f s: broker %s, services on ports %d-%d%n",
                (System.nanoTime() - t0) / 1e9,
                bootstrap,
                specs.getFirst().port(),
                specs.getLast().port());

        try (var client = new MeshClient("127.0.0.1", specs.getFirst().port())) {
            byte[] image =
                    opt.image().isPresent() ? Files.readAllBytes(opt.image().get()) : SampleMedia.chartPng();
            String imageName = opt.image().map(p -> p.getFileName().toString()).orElse("sample-chart.png");
            run(client, image, MediaKind.IMAGE, mime(imageName), imageName, opt.prompt(), model);
            byte[] video = opt.video().isPresent()
                    ? Files.readAllBytes(opt.video().get())
                    : SampleMedia.clipMp4(work.resolve("samples"), 6, 10);
            String videoName = opt.video().map(p -> p.getFileName().toString()).orElse("sample-clip.mp4");
            run(client, video, MediaKind.VIDEO, "video/mp4", videoName, "이 영상에서 무슨 일이 일어나나요? What happens?", model);
        }
        if (opt.serve()) {
            System.out.println(
                    "== serving; gRPC/HTTP on 127.0.0.1:" + specs.getFirst().port() + " (Ctrl-C to stop)");
            Thread.currentThread().join();
        }
        System.out.println("== done; stopping the mesh");
        System.exit(0);
    }

    private static void run(
            MeshClient client,
            byte[] media,
            MediaKind kind,
            String mime,
            String name,
            String prompt,
            ModelChoice model) {
        System.out.printf("%n== %s %s (%d bytes): %s%n", kind.name().toLowerCase(), name, media.length, prompt);
        long t = System.nanoTime();
        var job =
                client.upload(media, kind, mime, name, prompt, UUID.randomUUID().toString());
        System.out.println("   job " + job.getJobId());
        JobResult r = client.await(
                job.getJobId(),
                p -> System.out.printf(
                        "   progress %-15s %3.0f%% %s%n", p.getStage(), p.getFraction() * 100, p.getMessage()),
                600);
        double total = (System.nanoTime() - t) / 1e6;
        print(r, total, model);
    }

    static void print(JobResult r, double totalMs, ModelChoice model) {
        if (r.getFinishReason().equals("error")) {
            System.out.printf(
                    "   ERROR %s at %s: %s%n",
                    r.getError().getCode(),
                    r.getError().getStage(),
                    r.getError().getMessage());
        } else {
            System.out.println("   answer: " + r.getText().replace("\n", "\n           "));
        }
        if (r.getRandomWeights() || model.random()) {
            System.out.println("   (random weights: the answer comes from a generated tiny checkpoint and is noise;"
                    + " pass --model with a real HCX-Vision checkpoint for real answers)");
        }
        System.out.printf(
                "   tokens: prompt %d (visual %d), completion %d; finish %s%n",
                r.getPromptTokens(), r.getVisualTokens(), r.getCompletionTokens(), r.getFinishReason());
        List<String> timings = new ArrayList<>();
        for (Timing tm : r.getTimingsList()) {
            timings.add(String.format("%s %.0f ms", tm.getStage(), tm.getMillis()));
        }
        timings.add(String.format("end-to-end %.0f ms", totalMs));
        System.out.println("   timings: " + String.join(", ", timings));
        System.out.println("   ocr: \"" + r.getOcr() + "\"");
        System.out.println("   lens_keywords: \"" + r.getLensKeywords() + "\"; lens_local_keywords: \""
                + r.getLensLocalKeywords() + "\"");
    }

    static String mime(String name) {
        String n = name.toLowerCase();
        if (n.endsWith(".png")) return "image/png";
        if (n.endsWith(".webp")) return "image/webp";
        if (n.endsWith(".gif")) return "image/gif";
        return "image/jpeg";
    }

    /** The broker listens at base + 12 (8092 for the default base 8080), its controller one above. */
    static int brokerPort(int basePort) {
        return basePort + 12;
    }

    /** Starts the broker as its own process and waits for its READY line. */
    static Process startBroker(Path work, int basePort) throws IOException, InterruptedException {
        int port = brokerPort(basePort);
        int controller = port + 1;
        Path logDir = work.resolve("kafka-" + port);
        List<String> cmd = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.hcxmesh.broker.KafkaBrokerMain",
                Integer.toString(port),
                Integer.toString(controller),
                logDir.toString());
        Files.createDirectories(work.resolve("logs"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        var reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long start = System.nanoTime();
        String line;
        var log = Files.newBufferedWriter(work.resolve("logs/kafka.log"));
        while ((line = reader.readLine()) != null) {
            log.write(line);
            log.newLine();
            log.flush();
            if (line.startsWith("KAFKA READY")) {
                System.out.printf(
                        "   %-20s ready (%.1f s) %s%n",
                        "kafka (KRaft)", (System.nanoTime() - start) / 1e9, line.substring("KAFKA READY ".length()));
                Thread.ofVirtual().start(() -> drain(reader, log));
                return p;
            }
        }
        throw new IllegalStateException(
                "the Kafka broker exited before it was ready; see " + work.resolve("logs/kafka.log"));
    }

    private static void drain(BufferedReader reader, java.io.BufferedWriter log) {
        try (reader;
                log) {
            String line;
            while ((line = reader.readLine()) != null) {
                log.write(line);
                log.newLine();
            }
        } catch (IOException e) {
            // the broker is gone
        }
    }
}
