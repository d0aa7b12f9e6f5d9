package dev.hcxmesh.decoder.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StopStringsTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void stopStringAcrossThreeTokensReleasesOnlyTextBeforeIt() {
        StopStrings m = new StopStrings(List.of("<|stop|>"));
        StringBuilder out = new StringBuilder();
        out.append(m.append(b("Hello <|")));
        assertThat(out.toString()).isEqualTo("Hello "); // "<|" held back: could start the stop string
        out.append(m.append(b("sto")));
        assertThat(out.toString()).isEqualTo("Hello ");
        out.append(m.append(b("p|> trailing")));
        assertThat(m.matched()).isTrue();
        assertThat(out.toString()).isEqualTo("Hello ");
        assertThat(m.append(b("more"))).isEmpty();
        assertThat(m.flush()).isEmpty();
    }

    @Test
    void heldBackPrefixIsReleasedWhenItDiverges() {
        StopStrings m = new StopStrings(List.of("END"));
        assertThat(m.append(b("aE"))).isEqualTo("a");
        assertThat(m.append(b("N"))).isEmpty();
        assertThat(m.append(b("X"))).isEqualTo("ENX");
        assertThat(m.append(b("E"))).isEmpty();
        assertThat(m.flush()).isEqualTo("E");
        assertThat(m.matched()).isFalse();
    }

    @Test
    void earliestOfSeveralStopsWins() {
        StopStrings m = new StopStrings(List.of("bc", "abcd"));
        assertThat(m.append(b("xabcd"))).isEqualTo("x"); // "abcd" starts before "bc"
    }

    @Test
    void multiByteCharactersSplitAcrossTokensAreNeverEmittedHalfway() {
        byte[] han = b("한국");
        StopStrings m = new StopStrings(List.of());
        assertThat(m.append(new byte[] {han[0], han[1]})).isEmpty();
        assertThat(m.append(new byte[] {han[2], han[3]})).isEqualTo("한");
        assertThat(m.append(new byte[] {han[4], han[5]})).isEqualTo("국");
    }

    @Test
    void koreanStopString() {
        StopStrings m = new StopStrings(List.of("끝"));
        byte[] s = b("가끝나");
        StringBuilder out = new StringBuilder();
        for (byte x : s) {
            out.append(m.append(new byte[] {x}));
        }
        assertThat(out.toString()).isEqualTo("가");
        assertThat(m.matched()).isTrue();
    }
}
