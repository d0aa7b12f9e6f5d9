package dev.hcxmesh.ingest.fetch;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * An open, vetted and sniffed HTTP body for streaming consumers (e.g. video decode without
 * buffering the whole file). The body enforces the byte and time limits; closing it closes the
 * connection.
 *
 * @param finalUri URI after redirects
 * @param kind sniffed container
 * @param declaredContentType the server's Content-Type (may be null)
 * @param body the full body (sniffed head included)
 */
public record MediaStream(URI finalUri, MediaKind kind, String declaredContentType, InputStream body)
        implements Closeable {
    @Override
    public void close() throws IOException {
        body.close();
    }
}
