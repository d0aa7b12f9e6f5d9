package dev.hcxmesh.ingest.fetch;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.ingest.IngestException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Fetches media from user-supplied URLs without becoming an SSRF proxy.
 *
 * <p>Per hop: scheme and host allow-list; DNS resolved here (with the connect timeout) and every
 * answer classified by {@link AddressPolicy}; the socket dials the vetted IP itself, so a second
 * (rebinding) lookup cannot swap the target; TLS keeps SNI and hostname verification of the URL's
 * host. Redirects are followed by hand, each hop re-checked, at most {@link FetchConfig#maxRedirects()}.
 * The body is cut at {@link FetchConfig#maxBytes()} and the whole fetch at {@link
 * FetchConfig#totalTimeout()}; its first bytes must match a known {@link MediaKind} consistent with
 * the declared Content-Type.
 */
public final class SafeUrlFetcher {
    private final FetchConfig config;
    private final HostResolver resolver;
    private final SSLSocketFactory tls;

    public SafeUrlFetcher(FetchConfig config) {
        this(config, HostResolver.SYSTEM, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    public SafeUrlFetcher(FetchConfig config, HostResolver resolver, SSLSocketFactory tls) {
        this.config = Objects.requireNonNull(config, "config");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.tls = Objects.requireNonNull(tls, "tls");
    }

    public FetchConfig config() {
        return config;
    }

    /** Fetches the whole body into memory (at most maxBytes). */
    public FetchedMedia fetch(URI uri) {
        try (MediaStream stream = open(uri)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            stream.body().transferTo(out);
            return new FetchedMedia(stream.finalUri(), stream.kind(), stream.declaredContentType(), out.toByteArray());
        } catch (IOException e) {
            throw new IngestException(ErrorCode.URL_FETCH_FAILED, "reading " + uri + " failed: " + e, Map.of(), e);
        }
    }

    /** Opens the body for streaming; the caller closes it. */
    public MediaStream open(URI uri) {
        long deadline = System.nanoTime() + config.totalTimeout().toNanos();
        URI current = uri;
        for (int hop = 0; ; hop++) {
            Target target = vet(current);
            Socket socket = connect(target, deadline);
            boolean handedOff = false;
            try {
                HttpWire.Response response = HttpWire.get(socket, current, deadline);
                int status = response.status();
                if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                    String location = response.header("location");
                    if (location == null) {
                        throw HttpWire.fetchFailed("redirect " + status + " without Location from " + current);
                    }
                    if (hop >= config.maxRedirects()) {
                        throw new IngestException(
                                ErrorCode.URL_FETCH_FAILED,
                                "too many redirects: expected <= " + config.maxRedirects() + ", found more",
                                Map.of("limit", "max_redirects", "expected", Integer.toString(config.maxRedirects())));
                    }
                    current = resolveLocation(current, location);
                    continue;
                }
                if (status < 200 || status > 299) {
                    throw new IngestException(
                            ErrorCode.URL_FETCH_FAILED,
                            "HTTP " + status + " from " + current,
                            Map.of("status", Integer.toString(status)));
                }
                String declaredLength = response.header("content-length");
                if (declaredLength != null) {
                    long length = Long.parseLong(declaredLength.trim());
                    if (length > config.maxBytes()) {
                        throw IngestException.tooLarge("max_bytes", config.maxBytes(), length);
                    }
                }
                InputStream limited = new LimitStream(response.body(), socket, config.maxBytes());
                byte[] head = limited.readNBytes(MediaSniffer.SNIFF_BYTES);
                String declared = response.header("content-type");
                Optional<MediaKind> kind = MediaSniffer.sniff(head, head.length);
                if (kind.isEmpty()) {
                    throw new IngestException(
                            ErrorCode.MEDIA_UNSUPPORTED,
                            "unrecognised media signature (declared " + declared + ")",
                            Map.of("declared", String.valueOf(declared)));
                }
                if (!MediaSniffer.consistent(declared, kind.get())) {
                    throw new IngestException(
                            ErrorCode.MEDIA_UNSUPPORTED,
                            "declared Content-Type " + declared + " does not match the content: found " + kind.get(),
                            Map.of(
                                    "expected",
                                    String.valueOf(declared),
                                    "found",
                                    kind.get().name()));
                }
                InputStream body = new SequenceInputStream(new ByteArrayInputStream(head), limited);
                handedOff = true;
                return new MediaStream(current, kind.get(), declared, body);
            } catch (IOException e) {
                throw new IngestException(
                        ErrorCode.URL_FETCH_FAILED, "fetching " + current + " failed: " + e, Map.of(), e);
            } catch (NumberFormatException e) {
                throw HttpWire.fetchFailed("malformed Content-Length from " + current);
            } finally {
                if (!handedOff) {
                    closeQuietly(socket);
                }
            }
        }
    }

    /** A vetted hop: the URL's host plus the single address we will dial. */
    record Target(String host, int port, boolean https, InetAddress address) {}

    /** Static URL checks, DNS resolution and address classification for one hop. */
    Target vet(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!config.schemes().contains(scheme)) {
            throw refused("scheme '" + scheme + "' not allowed: expected one of " + config.schemes(), uri);
        }
        InetAddress address = vetHost(uri);
        String host = bareHost(uri);
        boolean https = scheme.equals("https");
        int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
        return new Target(host, port, https, address);
    }

    /**
     * Host checks without the scheme check (for live URLs such as {@code rtsp://} that FFmpeg
     * opens): no user-info, host allow-list, DNS resolved here and every address classified.
     *
     * @return the vetted address to dial
     */
    public InetAddress vetHost(URI uri) {
        String host = bareHost(uri);
        if (uri.getRawUserInfo() != null && !"rtsp".equalsIgnoreCase(uri.getScheme())) {
            throw refused("URL user-info is not allowed", uri);
        }
        if (!config.hostAllowed(host)) {
            throw refused("host '" + host + "' not in the allow-list", uri);
        }
        List<InetAddress> addresses = resolve(host);
        boolean privateOk = config.privateAllowedFor(host);
        for (InetAddress a : addresses) {
            AddressPolicy.Category category = AddressPolicy.classify(a);
            boolean ok = category == AddressPolicy.Category.PUBLIC
                    || (privateOk && category != AddressPolicy.Category.UNROUTABLE);
            if (!ok) {
                throw new IngestException(
                        ErrorCode.URL_REFUSED,
                        "host '" + host + "' resolves to a " + category + " address " + a.getHostAddress(),
                        Map.of("host", host, "address", a.getHostAddress(), "category", category.name()));
            }
        }
        return addresses.getFirst();
    }

    private static String bareHost(URI uri) {
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw refused("URL has no host", uri);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host;
    }

    private List<InetAddress> resolve(String host) {
        FutureTask<List<InetAddress>> lookup = new FutureTask<>(() -> resolver.resolve(host));
        Thread.ofVirtual().name("dns-" + host).start(lookup);
        try {
            List<InetAddress> found = get(lookup, config.connectTimeout().toMillis());
            if (found.isEmpty()) {
                throw new IngestException(ErrorCode.URL_FETCH_FAILED, "host '" + host + "' has no addresses");
            }
            return found;
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new IngestException(ErrorCode.URL_FETCH_FAILED, "DNS lookup of '" + host + "' timed out");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException) {
                throw new IngestException(ErrorCode.URL_FETCH_FAILED, "unknown host '" + host + "'");
            }
            throw new IngestException(
                    ErrorCode.URL_FETCH_FAILED, "DNS lookup of '" + host + "' failed: " + e.getCause(), Map.of(), e);
        }
    }

    private static <T> T get(Future<T> f, long ms) throws TimeoutException, ExecutionException {
        try {
            return f.get(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestException(ErrorCode.URL_FETCH_FAILED, "interrupted");
        }
    }

    private Socket connect(Target target, long deadline) {
        long leftMs = (deadline - System.nanoTime()) / 1_000_000;
        int timeout = (int) Math.max(1, Math.min(config.connectTimeout().toMillis(), leftMs));
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(target.address(), target.port()), timeout);
            if (!target.https()) {
                return socket;
            }
            SSLSocket ssl = (SSLSocket) tls.createSocket(socket, target.host(), target.port(), true);
            SSLParameters params = ssl.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            if (!target.host().contains(":") && !target.host().matches("[0-9.]+")) {
                params.setServerNames(List.of(new SNIHostName(target.host())));
            }
            ssl.setSSLParameters(params);
            ssl.setSoTimeout(timeout);
            ssl.startHandshake();
            return ssl;
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new IngestException(
                    ErrorCode.URL_FETCH_FAILED, "connect to " + target.host() + " timed out after " + timeout + " ms");
        } catch (IOException e) {
            closeQuietly(socket);
            throw new IngestException(
                    ErrorCode.URL_FETCH_FAILED, "connect to " + target.host() + " failed: " + e, Map.of(), e);
        }
    }

    private URI resolveLocation(URI base, String location) {
        try {
            return base.resolve(new URI(location.trim()));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw refused("malformed redirect Location '" + location + "'", base);
        }
    }

    private static IngestException refused(String message, URI uri) {
        return new IngestException(ErrorCode.URL_REFUSED, message, Map.of("url", uri.toString()));
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing a failed connection
        }
    }

    /** Stops reading past maxBytes and closes the socket with the stream. */
    private static final class LimitStream extends InputStream {
        private final InputStream in;
        private final Socket socket;
        private final long max;
        private long count;

        LimitStream(InputStream in, Socket socket, long max) {
            this.in = in;
            this.socket = socket;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n == -1 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            // ask for one byte past the limit so a body of exactly max bytes still passes
            int want = (int) Math.min(len, max + 1 - count);
            if (want <= 0) {
                throw IngestException.tooLarge("max_bytes", max, count + 1);
            }
            int n = in.read(b, off, want);
            if (n > 0) {
                count += n;
                if (count > max) {
                    throw IngestException.tooLarge("max_bytes", max, count);
                }
            }
            return n;
        }

        @Override
        public void close() {
            closeQuietly(socket);
        }
    }
}
