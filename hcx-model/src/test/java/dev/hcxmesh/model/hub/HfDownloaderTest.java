package dev.hcxmesh.model.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hcxmesh.model.checkpoint.Checkpoint;
import dev.hcxmesh.model.checkpoint.CheckpointException;
import dev.hcxmesh.model.checkpoint.CheckpointException.Kind;
import dev.hcxmesh.model.checkpoint.Safetensors;
import dev.hcxmesh.model.fixtures.TinyCheckpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resume and hub-layout logic against a loopback HTTP server; nothing leaves the machine. */
class HfDownloaderTest {
    static final String SHA = "89abcdef0123456789abcdef0123456789abcdef";

    @TempDir
    Path tmp;

    HttpServer server;
    final List<String> ranges = new CopyOnWriteArrayList<>();
    final List<String> auth = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    URI start(com.sun.net.httpserver.HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ranges.add(
                    ex.getRequestHeaders().getFirst("Range") == null
                            ? "-"
                            : ex.getRequestHeaders().getFirst("Range"));
            auth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            try {
                handler.handle(ex);
            } finally {
                ex.close();
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    static byte[] payload(int n) {
        byte[] b = new byte[n];
        new Random(1).nextBytes(b);
        return b;
    }

    /** Serves {@code body}, honouring {@code Range: bytes=N-} when {@code ranged}. */
    static void serve(HttpExchange ex, byte[] body, boolean ranged) throws IOException {
        String range = ex.getRequestHeaders().getFirst("Range");
        int from = 0;
        if (ranged && range != null && range.startsWith("bytes=")) {
            from = Integer.parseInt(range.substring(6, range.indexOf('-')));
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
            ex.sendResponseHeaders(206, body.length - from);
        } else {
            ex.sendResponseHeaders(200, body.length);
        }
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body, from, body.length - from);
        }
    }

    @Test
    void resumesAPartialFileWithARangeRequest() throws Exception {
        byte[] body = payload(1_000_000);
        URI base = start(ex -> serve(ex, body, true));
        Path partial = tmp.resolve("blob.incomplete");
        Files.write(partial, java.util.Arrays.copyOf(body, 300_000));
        var dl = new HfDownloader(HfDownloader.defaultClient(), base, null);
        long n = dl.download(base.resolve("/f"), partial);
        assertThat(n).isEqualTo(body.length);
        assertThat(Files.readAllBytes(partial)).isEqualTo(body);
        assertThat(ranges).containsExactly("bytes=300000-");
    }

    @Test
    void serverIgnoringRangeRestartsCleanly() throws Exception {
        byte[] body = payload(200_000);
        URI base = start(ex -> serve(ex, body, false));
        Path partial = tmp.resolve("blob.incomplete");
        Files.write(partial, java.util.Arrays.copyOf(body, 50_000));
        new HfDownloader(HfDownloader.defaultClient(), base, null).download(base.resolve("/f"), partial);
        assertThat(Files.readAllBytes(partial)).isEqualTo(body);
    }

    @Test
    void droppedConnectionKeepsBytesAndTheNextCallResumes() throws Exception {
        byte[] body = payload(400_000);
        AtomicBoolean first = new AtomicBoolean(true);
        URI base = start(ex -> {
            if (first.getAndSet(false)) {
                ex.sendResponseHeaders(200, body.length);
                OutputStream out = ex.getResponseBody();
                out.write(body, 0, 150_000);
                out.flush();
                // close the socket mid-body: the client sees a premature end of stream
                ex.getHttpContext().getServer().stop(0);
                return;
            }
            serve(ex, body, true);
        });
        Path partial = tmp.resolve("blob.incomplete");
        var dl = new HfDownloader(HfDownloader.defaultClient(), base, null);
        assertThatThrownBy(() -> dl.download(base.resolve("/f"), partial))
                .isInstanceOfSatisfying(
                        CheckpointException.class, e -> assertThat(e.kind()).isEqualTo(Kind.DOWNLOAD_FAILED))
                .hasMessageContaining("kept in");
        long kept = Files.size(partial);
        assertThat(kept).isLessThan(body.length); // normally 150,000: whatever arrived before the drop
        // a fresh server (a new port: the old one may linger in TIME_WAIT) serves the rest
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ranges.add(ex.getRequestHeaders().getFirst("Range"));
            try {
                serve(ex, body, true);
            } finally {
                ex.close();
            }
        });
        server.start();
        URI again = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        var resumed = new HfDownloader(HfDownloader.defaultClient(), again, null);
        assertThat(resumed.download(again.resolve("/f"), partial)).isEqualTo(body.length);
        assertThat(Files.readAllBytes(partial)).isEqualTo(body);
        if (kept > 0) {
            assertThat(ranges.getLast()).isEqualTo("bytes=" + kept + "-");
        }
    }

    @Test
    void httpErrorsAreTyped() throws Exception {
        URI base = start(ex -> ex.sendResponseHeaders(403, -1));
        var dl = new HfDownloader(HfDownloader.defaultClient(), base, null);
        assertThatThrownBy(() -> dl.download(base.resolve("/f"), tmp.resolve("x")))
                .isInstanceOfSatisfying(
                        CheckpointException.class, e -> assertThat(e.kind()).isEqualTo(Kind.DOWNLOAD_FAILED))
                .hasMessageContaining("HTTP 403")
                .hasMessageContaining("HF_TOKEN");
    }

    /** A fake hub serving a tiny sharded checkpoint under /org/tiny/resolve/{main|SHA}/file. */
    @Test
    void downloadsIntoTheHubCacheLayoutAndThenWorksOffline() throws Exception {
        Path src = tmp.resolve("src");
        TinyCheckpoint.write(src, 9, TinyCheckpoint.Options.defaults().withSharded(true));
        URI base = start(ex -> {
            String path = ex.getRequestURI().getPath();
            String prefix = "/org/tiny/resolve/";
            if (!path.startsWith(prefix)) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            String rest = path.substring(prefix.length());
            String rev = rest.substring(0, rest.indexOf('/'));
            String file = rest.substring(rest.indexOf('/') + 1);
            Path f = src.resolve(file);
            if (!(rev.equals("main") || rev.equals(SHA)) || !Files.isRegularFile(f)) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(f);
            ex.getResponseHeaders().add("X-Repo-Commit", SHA);
            ex.getResponseHeaders().add("ETag", "\"" + sha256(body) + "\"");
            if (ex.getRequestMethod().equals("HEAD")) {
                ex.getResponseHeaders().add("Content-Length", String.valueOf(body.length));
                ex.sendResponseHeaders(200, -1);
                return;
            }
            serve(ex, body, true);
        });
        Path cache = tmp.resolve("cache");
        var settings = new HubSettings(cache, true, base, "hf_test_token");
        Path snap = ModelResolver.resolve("org/tiny", settings);
        assertThat(snap).isEqualTo(cache.resolve("models--org--tiny/snapshots/" + SHA));
        assertThat(Files.readString(cache.resolve("models--org--tiny/refs/main")))
                .isEqualTo(SHA);
        assertThat(Files.isSymbolicLink(snap.resolve("config.json"))).isTrue();
        assertThat(Files.list(cache.resolve("models--org--tiny/blobs"))
                        .map(p -> p.getFileName().toString()))
                .noneMatch(n -> n.endsWith(".incomplete"));
        assertThat(Files.readAllBytes(snap.resolve(TinyCheckpoint.SHARD_2)))
                .isEqualTo(Files.readAllBytes(src.resolve(TinyCheckpoint.SHARD_2)));
        assertThat(snap.resolve(Safetensors.SINGLE_FILE)).doesNotExist();
        assertThat(auth).contains("Bearer hf_test_token");
        try (var c = Checkpoint.open(snap)) {
            assertThat(c.randomWeights()).isTrue();
        }
        // second resolve: everything cached, no request at all, even with downloads off
        server.stop(0);
        server = null;
        int before = ranges.size();
        assertThat(ModelResolver.resolve("org/tiny", settings.withAllowDownload(false)))
                .isEqualTo(snap);
        assertThat(ranges).hasSize(before);
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
