package dev.hcxmesh.decoder.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.decoder.engine.EngineException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataUrlTest {
    private static final List<String> IMAGES = List.of("image/png", "image/jpeg");

    private static ErrorCode codeOf(String url, int max) {
        try {
            DataUrl.parse(url, max, IMAGES);
            return null;
        } catch (EngineException e) {
            return e.code();
        }
    }

    @Test
    void decodesBase64ImagesWithParameters() {
        var d = DataUrl.parse("data:Image/PNG;name=a.png;base64,aGVsbG8=", 100, IMAGES);
        assertThat(d.mimeType()).isEqualTo("image/png");
        assertThat(d.bytes()).containsExactly('h', 'e', 'l', 'l', 'o');
    }

    @Test
    void refusalsAreTyped() {
        assertThat(codeOf("data:text/plain;base64,aGk=", 100)).isEqualTo(ErrorCode.MEDIA_UNSUPPORTED);
        assertThat(codeOf("data:;base64,aGk=", 100)).isEqualTo(ErrorCode.MEDIA_UNSUPPORTED);
        assertThat(codeOf("data:image/png,hello", 100)).isEqualTo(ErrorCode.MEDIA_UNDECODABLE);
        assertThat(codeOf("data:image/png;base64", 100)).isEqualTo(ErrorCode.MEDIA_UNDECODABLE);
        assertThat(codeOf("data:image/png;base64,%%%", 100)).isEqualTo(ErrorCode.MEDIA_UNDECODABLE);
        assertThat(codeOf("data:image/png;base64,", 100)).isEqualTo(ErrorCode.MEDIA_UNDECODABLE);
        assertThat(codeOf("data:image/png;base64,aGVsbG8=", 4)).isEqualTo(ErrorCode.MEDIA_TOO_LARGE);
        assertThat(codeOf("data:image/png;base64,aGVsbG8=", 5)).isNull();
    }

    @Test
    void aHugePayloadIsRefusedBeforeDecoding() {
        String big = "data:image/png;base64," + "A".repeat(4_000_000);
        assertThatThrownBy(() -> DataUrl.parse(big, 2 << 20, IMAGES))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("exceeds the limit 2097152");
    }
}
