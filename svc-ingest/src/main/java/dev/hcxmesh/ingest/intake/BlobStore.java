package dev.hcxmesh.ingest.intake;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.common.MeshException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Claim-check store for media too large to travel inline in a Kafka record: the bytes go to a file,
 * the record carries its {@code file:} URI. Only URIs inside the store are ever read back.
 */
public final class BlobStore {
    private final Path root;

    public BlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public URI put(String jobId, byte[] bytes) {
        try {
            Files.createDirectories(root);
            Path tmp = Files.createTempFile(root, jobId, ".part");
            Files.write(tmp, bytes);
            Path target = root.resolve(jobId + ".blob");
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target.toUri();
        } catch (IOException e) {
            throw new UncheckedIOException("blob store " + root + ": " + e.getMessage(), e);
        }
    }

    public byte[] get(String uri) {
        Path p;
        try {
            p = Path.of(URI.create(uri)).toAbsolutePath().normalize();
        } catch (IllegalArgumentException e) {
            throw new MeshException(ErrorCode.URL_REFUSED, "ingest", "object reference is not a file URI: " + uri);
        }
        if (!p.startsWith(root)) {
            throw new MeshException(
                    ErrorCode.URL_REFUSED, "ingest", "object reference " + uri + " is outside the blob store " + root);
        }
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new MeshException(ErrorCode.URL_FETCH_FAILED, "ingest", "cannot read object " + uri + ": " + e);
        }
    }
}
