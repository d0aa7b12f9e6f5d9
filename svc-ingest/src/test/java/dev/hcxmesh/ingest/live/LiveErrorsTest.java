package dev.hcxmesh.ingest.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.ingest.IngestException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveErrorsTest {

    @Test
    void rewrappedIngestErrorsKeepTheirCodeFactsAndOneMessage() {
        var inner = new IngestException(ErrorCode.MEDIA_UNDECODABLE, "cannot open video x", Map.of("k", "v"));
        var rewrapped = new IngestException(inner.code(), inner.getMessage(), inner.facts(), inner);
        var mesh = LiveStreams.toMesh(rewrapped);
        assertThat(mesh.code()).isEqualTo(ErrorCode.MEDIA_UNDECODABLE);
        assertThat(mesh.stage()).isEqualTo("ingest");
        assertThat(mesh.getMessage()).isEqualTo("cannot open video x");
        assertThat(mesh.facts()).containsEntry("k", "v");
    }
}
