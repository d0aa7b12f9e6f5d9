package dev.hcxmesh.model.hub;

import dev.hcxmesh.model.checkpoint.CheckpointException;
import dev.hcxmesh.model.checkpoint.CheckpointException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Downloads repository files from a Hugging Face endpoint into the hub cache layout: each file goes
 * to {@code blobs/<etag>.incomplete} (resumed with an HTTP {@code Range} request when a previous try
 * left bytes there), is renamed to {@code blobs/<etag>} when complete, and is linked from {@code
 * snapshots/<commit>/<file>}. Redirects are followed by hand so the bearer token is only sent to the
 * endpoint's own host, never to a CDN.
 */
public final class HfDownloader {
    private static final int MAX_REDIRECTS = 5;
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private final HttpClient client;
    private final URI endpoint;
    private final String token;

    public HfDownloader(HttpClient client, URI endpoint, String token) {
        this.client = Objects.requireNonNull(client);
        this.endpoint = Objects.requireNonNull(endpoint);
        this.token = token;
    }

    /** A client that follows no redirects by itself (this class does). */
    public static HttpClient defaultClient() {
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
    }

    /**
     * What a HEAD request says about one file.
     *
     * @param commit {@code X-Repo-Commit}
     * @param etag {@code X-Linked-Etag} (LFS sha256) or {@code ETag}, unquoted
     * @param size {@code X-Linked-Size} or {@code Content-Length}, -1 if unknown
     */
    public record FileInfo(String commit, String etag, long size) {}

    /** {@code <endpoint>/<org>/<name>/resolve/<revision>/<file>}. */
    public URI resolveUrl(ModelRef ref, String revision, String file) {
        String base = endpoint.toString().replaceAll("/+$", "");
        return URI.create(base + "/" + ref.org() + "/" + ref.name() + "/resolve/"
                + URLEncoder.encode(revision, StandardCharsets.UTF_8) + "/" + file);
    }

    /** HEAD of one file; empty when the repository does not have it (404). */
    public Optional<FileInfo> head(ModelRef ref, String revision, String file) {
        URI uri = resolveUrl(ref, revision, file);
        HttpResponse<Void> r = send(uri, "HEAD", null, HttpResponse.BodyHandlers.discarding());
        // a redirect's headers are the metadata (huggingface_hub does the same); do not follow it
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() >= 400) {
            throw failed(uri, r.statusCode());
        }
        String commit = r.headers().firstValue("X-Repo-Commit").orElse(null);
        String etag = r.headers()
                .firstValue("X-Linked-Etag")
                .or(() -> r.headers().firstValue("ETag"))
                .map(HfDownloader::unquote)
                .orElse(null);
        long size = r.headers()
                .firstValueAsLong("X-Linked-Size")
                .orElse(r.headers().firstValueAsLong("Content-Length").orElse(-1));
        return Optional.of(new FileInfo(commit, etag, size));
    }

    /**
     * Ensures {@code snapshots/<commit>/<file>} exists, downloading into {@code blobs/} with resume.
     * Returns false when the repository has no such file.
     */
    public boolean fetchInto(HfCache cache, ModelRef ref, String commit, String file) {
        Path target = cache.snapshotDir(ref, commit).resolve(file);
        if (Files.isRegularFile(target)) {
            return true;
        }
        Optional<FileInfo> info = head(ref, commit, file);
        if (info.isEmpty()) {
            return false;
        }
        String etag = info.get().etag() != null ? safeName(info.get().etag()) : safeName(commit + "-" + file);
        Path blob = cache.blobsDir(ref).resolve(etag);
        try {
            Files.createDirectories(blob.getParent());
            Files.createDirectories(target.getParent());
            if (!Files.isRegularFile(blob)) {
                Path partial = blob.resolveSibling(etag + ".incomplete");
                long got = download(resolveUrl(ref, commit, file), partial);
                long want = info.get().size();
                if (want >= 0 && got != want) {
                    throw new CheckpointException(
                            Kind.DOWNLOAD_FAILED,
                            file + ": got " + got + " bytes, the hub announced " + want + " (kept " + partial + ")");
                }
                Files.move(partial, blob, StandardCopyOption.ATOMIC_MOVE);
            }
            link(target, blob);
            return true;
        } catch (IOException e) {
            throw new CheckpointException(Kind.IO, "cannot store " + file + " in " + cache.root() + ": " + e, e);
        }
    }

    /**
     * GETs {@code uri} into {@code partial}, resuming from its current length with {@code Range:
     * bytes=N-}. A 206 appends, a 200 (server ignored the range) starts over. A dropped connection leaves
     * the bytes received so far for the next call. Returns the final length.
     */
    public long download(URI uri, Path partial) {
        long have = 0;
        try {
            have = Files.exists(partial) ? Files.size(partial) : 0;
            HttpResponse<InputStream> r = send(
                    uri, "GET", have > 0 ? "bytes=" + have + "-" : null, HttpResponse.BodyHandlers.ofInputStream());
            int status = r.statusCode();
            boolean append;
            if (status == 206) {
                OptionalLong start = contentRangeStart(
                        r.headers().firstValue("Content-Range").orElse(""));
                if (start.isEmpty() || start.getAsLong() != have) {
                    r.body().close();
                    throw new CheckpointException(
                            Kind.DOWNLOAD_FAILED,
                            uri + ": asked for bytes from " + have + ", got Content-Range "
                                    + r.headers().firstValue("Content-Range").orElse("(none)"));
                }
                append = true;
            } else if (status == 200) {
                append = false;
            } else if (status == 416 && have > 0) {
                r.body().close();
                return have; // nothing left to fetch; the caller checks the size
            } else {
                r.body().close();
                throw failed(uri, status);
            }
            try (InputStream in = r.body();
                    OutputStream out = Files.newOutputStream(
                            partial,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE,
                            append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                in.transferTo(out);
            }
            return Files.size(partial);
        } catch (IOException e) {
            long kept = 0;
            try {
                kept = Files.exists(partial) ? Files.size(partial) : 0;
            } catch (IOException ignored) {
                // reporting only
            }
            throw new CheckpointException(
                    Kind.DOWNLOAD_FAILED,
                    uri + ": transfer broke after " + kept + " bytes (kept in " + partial + " for resume): " + e,
                    e);
        }
    }

    private <T> HttpResponse<T> send(URI uri, String method, String range, HttpResponse.BodyHandler<T> handler) {
        URI current = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(current)
                    .timeout(TIMEOUT)
                    .method(method, HttpRequest.BodyPublishers.noBody())
                    .header("User-Agent", "hcx-mesh");
            if (token != null && sameHost(current, endpoint)) {
                b.header("Authorization", "Bearer " + token);
            }
            if (range != null) {
                b.header("Range", range);
            }
            HttpResponse<T> r;
            try {
                r = client.send(b.build(), handler);
            } catch (IOException e) {
                throw new CheckpointException(Kind.DOWNLOAD_FAILED, method + " " + current + " failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CheckpointException(Kind.DOWNLOAD_FAILED, method + " " + current + " interrupted", e);
            }
            int s = r.statusCode();
            boolean redirect = s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
            if (!redirect
                    || method.equals("HEAD")
                            && r.headers().firstValue("X-Repo-Commit").isPresent()) {
                return r;
            }
            Optional<String> location = r.headers().firstValue("Location");
            if (location.isEmpty()) {
                return r;
            }
            if (r.body() instanceof InputStream in) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // the next hop does not need it
                }
            }
            current = current.resolve(location.get());
        }
        throw new CheckpointException(Kind.DOWNLOAD_FAILED, uri + ": more than " + MAX_REDIRECTS + " redirects");
    }

    private static boolean sameHost(URI a, URI b) {
        return Objects.equals(a.getHost(), b.getHost()) && a.getPort() == b.getPort();
    }

    private static OptionalLong contentRangeStart(String header) {
        // "bytes 300000-999999/1000000"
        String h = header.strip();
        if (!h.startsWith("bytes ")) {
            return OptionalLong.empty();
        }
        int dash = h.indexOf('-');
        try {
            return OptionalLong.of(Long.parseLong(h.substring(6, dash).strip()));
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    private static void link(Path target, Path blob) throws IOException {
        Files.deleteIfExists(target);
        try {
            Files.createSymbolicLink(target, target.getParent().relativize(blob));
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(blob, target); // file systems without links: a plain copy
        }
    }

    private static String unquote(String etag) {
        String e = etag.strip();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        return e.replace("\"", "");
    }

    private static String safeName(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static CheckpointException failed(URI uri, int status) {
        String hint = status == 401 || status == 403 ? " (gated or private: set HF_TOKEN)" : "";
        return new CheckpointException(Kind.DOWNLOAD_FAILED, uri + " answered HTTP " + status + hint);
    }
}
