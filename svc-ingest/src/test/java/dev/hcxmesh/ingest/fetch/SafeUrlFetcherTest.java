package dev.hcxmesh.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.ingest.IngestException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SSRF guard, redirects, limits and sniffing against a loopback HTTP server. */
@Timeout(20)
class SafeUrlFetcherTest {
    static final byte[] PNG = png(4096);
    static HttpServer server;
    static String base;

    @BeforeAll
    static void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/img.png", ex -> send(ex, 200, "image/png", PNG, false));
        server.createContext("/chunked.png", ex -> send(ex, 200, "image/png", PNG, true));
        server.createContext("/octet", ex -> send(ex, 200, "application/octet-stream", PNG, false));
        server.createContext("/html-png", ex -> send(ex, 200, "text/html; charset=utf-8", PNG, false));
        server.createContext("/jpeg-claims-png", ex -> send(ex, 200, "image/png", jpeg(), false));
        server.createContext("/garbage", ex -> send(ex, 200, "image/png", "<html>hi</html>".getBytes(), false));
        server.createContext("/big", ex -> send(ex, 200, "image/png", png(3 << 20), false));
        server.createContext("/big-chunked", ex -> send(ex, 200, "image/png", png(3 << 20), true));
        server.createContext("/missing", ex -> send(ex, 404, "text/plain", "no".getBytes(), false));
        server.createContext("/to-img", ex -> redirect(ex, "/img.png"));
        server.createContext("/to-private", ex -> redirect(ex, "http://10.1.2.3/img.png"));
        server.createContext("/to-metadata", ex -> redirect(ex, "http://169.254.169.254/latest/meta-data/"));
        server.createContext("/to-localhost-name", ex -> redirect(ex, "http://localhost:" + port() + "/img.png"));
        server.createContext("/to-file", ex -> redirect(ex, "file:///etc/passwd"));
        server.createContext("/loop", ex -> redirect(ex, "/loop"));
        server.createContext("/slow", ex -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(ex, 200, "image/png", PNG, false);
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        base = "http://127.0.0.1:" + port();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    static int port() {
        return server.getAddress().getPort();
    }

    static FetchConfig loopbackAllowed() {
        return FetchConfig.defaults().withPrivateAllowedHosts(Set.of("127.0.0.1"));
    }

    static SafeUrlFetcher fetcher(FetchConfig config) {
        return new SafeUrlFetcher(config);
    }

    static void assertCode(Runnable r, ErrorCode code) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.code())
                .isEqualTo(code));
    }

    @Test
    void loopbackRefusedByDefault() {
        assertThatThrownBy(() -> fetcher(FetchConfig.defaults()).fetch(URI.create(base + "/img.png")))
                .isInstanceOfSatisfying(IngestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.URL_REFUSED);
                    assertThat(e.facts()).containsEntry("category", "LOOPBACK");
                });
    }

    @Test
    void acceptedWhenHostAllowedPrivate() {
        FetchedMedia m = fetcher(loopbackAllowed()).fetch(URI.create(base + "/img.png"));
        assertThat(m.kind()).isEqualTo(MediaKind.PNG);
        assertThat(m.bytes()).isEqualTo(PNG);
        assertThat(m.declaredContentType()).isEqualTo("image/png");
    }

    @Test
    void acceptedWithAllowPrivateAndChunkedBody() {
        FetchedMedia m =
                fetcher(FetchConfig.defaults().withAllowPrivate(true)).fetch(URI.create(base + "/chunked.png"));
        assertThat(m.bytes()).isEqualTo(PNG);
    }

    @Test
    void genericContentTypeIsSniffed() {
        assertThat(fetcher(loopbackAllowed()).fetch(URI.create(base + "/octet")).kind())
                .isEqualTo(MediaKind.PNG);
    }

    @Test
    void hostAllowListIsEnforcedEvenForPrivateOk() {
        FetchConfig config = FetchConfig.defaults().withAllowPrivate(true).withAllowedHosts(Set.of("*.example.com"));
        assertCode(() -> fetcher(config).fetch(URI.create(base + "/img.png")), ErrorCode.URL_REFUSED);
    }

    @Test
    void schemesOtherThanHttpAreRefused() {
        SafeUrlFetcher f = fetcher(loopbackAllowed());
        assertCode(() -> f.fetch(URI.create("file:///etc/passwd")), ErrorCode.URL_REFUSED);
        assertCode(() -> f.fetch(URI.create("ftp://127.0.0.1/x.png")), ErrorCode.URL_REFUSED);
        assertCode(() -> f.fetch(URI.create("http://user:pw@127.0.0.1:" + port() + "/img.png")), ErrorCode.URL_REFUSED);
    }

    @Test
    void redirectsAreFollowedAndEveryHopRechecked() {
        SafeUrlFetcher f = fetcher(loopbackAllowed());
        FetchedMedia m = f.fetch(URI.create(base + "/to-img"));
        assertThat(m.finalUri().getPath()).isEqualTo("/img.png");
        assertCode(() -> f.fetch(URI.create(base + "/to-private")), ErrorCode.URL_REFUSED);
        assertCode(() -> f.fetch(URI.create(base + "/to-metadata")), ErrorCode.URL_REFUSED);
        // "localhost" is a different host name: not in privateAllowedHosts
        assertCode(() -> f.fetch(URI.create(base + "/to-localhost-name")), ErrorCode.URL_REFUSED);
        assertCode(() -> f.fetch(URI.create(base + "/to-file")), ErrorCode.URL_REFUSED);
        assertCode(() -> f.fetch(URI.create(base + "/loop")), ErrorCode.URL_FETCH_FAILED);
    }

    @Test
    void oversizeIsRefusedByHeaderAndWhileReading() {
        SafeUrlFetcher f = fetcher(loopbackAllowed().withMaxBytes(1 << 20));
        assertThatThrownBy(() -> f.fetch(URI.create(base + "/big")))
                .isInstanceOfSatisfying(IngestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_TOO_LARGE);
                    assertThat(e.facts()).containsEntry("expected", Integer.toString(1 << 20));
                });
        assertCode(() -> f.fetch(URI.create(base + "/big-chunked")), ErrorCode.MEDIA_TOO_LARGE);
        // exactly at the limit passes
        SafeUrlFetcher exact = fetcher(loopbackAllowed().withMaxBytes(PNG.length));
        assertThat(exact.fetch(URI.create(base + "/chunked.png")).bytes()).hasSize(PNG.length);
    }

    @Test
    void wrongOrUnknownContentIsUnsupported() {
        SafeUrlFetcher f = fetcher(loopbackAllowed());
        assertCode(() -> f.fetch(URI.create(base + "/html-png")), ErrorCode.MEDIA_UNSUPPORTED);
        assertCode(() -> f.fetch(URI.create(base + "/jpeg-claims-png")), ErrorCode.MEDIA_UNSUPPORTED);
        assertCode(() -> f.fetch(URI.create(base + "/garbage")), ErrorCode.MEDIA_UNSUPPORTED);
    }

    @Test
    void httpErrorsAndTimeoutsAreFetchFailures() {
        SafeUrlFetcher f = fetcher(loopbackAllowed().withTimeouts(Duration.ofMillis(500), Duration.ofMillis(700)));
        assertCode(() -> f.fetch(URI.create(base + "/missing")), ErrorCode.URL_FETCH_FAILED);
        long t0 = System.nanoTime();
        assertCode(() -> f.fetch(URI.create(base + "/slow")), ErrorCode.URL_FETCH_FAILED);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2_500));
    }

    @Test
    void anyPrivateAnswerInDnsIsRefused() throws Exception {
        InetAddress pub = InetAddress.getByName("93.184.216.34");
        InetAddress meta = InetAddress.getByName("169.254.169.254");
        InetAddress loop = InetAddress.getByName("127.0.0.1");
        HostResolver mixed = host -> List.of(pub, loop);
        HostResolver metadata = host -> List.of(meta);
        SSLSocketFactory tls = (SSLSocketFactory) SSLSocketFactory.getDefault();
        assertCode(
                () -> new SafeUrlFetcher(FetchConfig.defaults(), mixed, tls).fetch(URI.create("http://cdn.test/a.png")),
                ErrorCode.URL_REFUSED);
        assertThatThrownBy(() -> new SafeUrlFetcher(FetchConfig.defaults(), metadata, tls)
                        .fetch(URI.create("http://rebind.test/latest")))
                .isInstanceOfSatisfying(
                        IngestException.class, e -> assertThat(e.facts()).containsEntry("category", "METADATA"));
    }

    @Test
    void openStreamsTheVettedBody() throws Exception {
        try (MediaStream s = fetcher(loopbackAllowed()).open(URI.create(base + "/chunked.png"))) {
            assertThat(s.kind()).isEqualTo(MediaKind.PNG);
            assertThat(s.body().readAllBytes()).isEqualTo(PNG);
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body, boolean chunked)
            throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, chunked ? 0 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        } catch (IOException ignored) {
            // the client hung up (size limit, timeout): expected in some tests
        }
    }

    private static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    static byte[] png(int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) 7);
        byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        System.arraycopy(sig, 0, b, 0, sig.length);
        return b;
    }

    static byte[] jpeg() {
        byte[] b = new byte[512];
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xD8;
        b[2] = (byte) 0xFF;
        return b;
    }
}
