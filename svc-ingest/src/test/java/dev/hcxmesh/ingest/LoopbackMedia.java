package dev.hcxmesh.ingest;

import com.sun.net.httpserver.HttpServer;
import dev.hcxmesh.api.v1.JobResult;
import dev.hcxmesh.broker.TopicProbe;
import dev.hcxmesh.contracts.Topics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/** A loopback HTTP server serving one PNG, to test URL intake and its SSRF guard. */
final class LoopbackMedia implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger hits = new AtomicInteger();

    private LoopbackMedia(HttpServer server) {
        this.server = server;
    }

    static LoopbackMedia serve() throws Exception {
        var img = new BufferedImage(378, 378, BufferedImage.TYPE_INT_RGB);
        var out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        byte[] png = out.toByteArray();
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        var media = new LoopbackMedia(server);
        server.createContext("/photo.png", ex -> {
            media.hits.incrementAndGet();
            ex.getResponseHeaders().add("Content-Type", "image/png");
            ex.sendResponseHeaders(200, png.length);
            ex.getResponseBody().write(png);
            ex.close();
        });
        server.start();
        return media;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/photo.png";
    }

    int hits() {
        return hits.get();
    }

    static JobResult resultOf(String bootstrap, String jobId) {
        return TopicProbe.readUntil(
                        bootstrap,
                        List.of(Topics.RESULTS.name(), Topics.MANIFESTS.name()),
                        seen -> seen.stream().anyMatch(r -> jobId.equals(r.key())),
                        Duration.ofSeconds(30))
                .stream()
                .filter(r -> jobId.equals(r.key()))
                .map(r -> r.topic().equals(Topics.RESULTS.name())
                        ? Topics.RESULTS.parse(r.value()).getResult()
                        : JobResult.newBuilder()
                                .setJobId(jobId)
                                .setFinishReason("accepted")
                                .build())
                .findFirst()
                .orElseThrow();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
