package dev.hcxmesh.ingest.fetch;

import java.net.URI;
import java.util.Objects;

/**
 * A fetched, sniffed media body.
 *
 * @param finalUri the URI after redirects
 * @param kind the container recognised from magic bytes
 * @param declaredContentType the server's Content-Type (may be null)
 * @param bytes the body, at most {@link FetchConfig#maxBytes()} long
 */
public record FetchedMedia(URI finalUri, MediaKind kind, String declaredContentType, byte[] bytes) {
    public FetchedMedia {
        Objects.requireNonNull(finalUri, "finalUri");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(bytes, "bytes");
    }
}
