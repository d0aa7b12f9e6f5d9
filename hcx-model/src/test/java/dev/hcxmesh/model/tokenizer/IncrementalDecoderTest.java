package dev.hcxmesh.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.model.fixtures.TinyTokenizerFiles;
import dev.hcxmesh.model.prompt.AuxBlock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncrementalDecoderTest {

    private static final String KOREAN = "안녕하세요, 한국어 스트리밍! 각ㄱㅏ 😀 done";

    @Test
    void koreanSplitAtEveryByteBoundaryNeverEmitsABrokenCharacter() {
        byte[] bytes = KOREAN.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            IncrementalDecoder d = new IncrementalDecoder(null, false);
            String first = d.pushBytes(Arrays.copyOfRange(bytes, 0, cut));
            String second = d.pushBytes(Arrays.copyOfRange(bytes, cut, bytes.length));
            assertThat(first).as("cut %d", cut).doesNotContain("\uFFFD");
            assertThat(first + second + d.flush()).as("cut %d", cut).isEqualTo(KOREAN);
            assertThat(KOREAN).startsWith(first);
        }
    }

    @Test
    void oneByteAtATime() {
        byte[] bytes = KOREAN.getBytes(StandardCharsets.UTF_8);
        IncrementalDecoder d = new IncrementalDecoder(null, false);
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            String s = d.pushBytes(new byte[] {b});
            assertThat(s).doesNotContain("\uFFFD");
            sb.append(s);
            assertThat(d.pendingBytes()).isLessThan(4);
        }
        assertThat(sb.append(d.flush()).toString()).isEqualTo(KOREAN);
    }

    @Test
    void tokenStreamOfTheTinyTokenizerDecodesToTheSameTextAsDecode(@TempDir Path dir) {
        TinyTokenizerFiles.write(dir);
        BpeTokenizer tok = BpeTokenizer.load(dir);
        String text = "<|im_start|>assistant\n" + AuxBlock.format("네이버", "", "") + " 😀👨‍👩‍👧<|im_end|>";
        int[] ids = tok.encode(text);
        IncrementalDecoder d = tok.incrementalDecoder(false);
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            String piece = d.push(id);
            assertThat(piece).doesNotContain("\uFFFD");
            sb.append(piece);
        }
        sb.append(d.flush());
        assertThat(sb.toString()).isEqualTo(text).isEqualTo(tok.decode(ids));
        IncrementalDecoder skipping = tok.incrementalDecoder(true);
        StringBuilder s2 = new StringBuilder();
        for (int id : ids) {
            s2.append(skipping.push(id));
        }
        assertThat(s2.toString()).isEqualTo(tok.decode(ids, true)).doesNotContain("<|im_");
    }

    @Test
    void invalidBytesBecomeReplacementCharacters() {
        IncrementalDecoder d = new IncrementalDecoder(null, false);
        assertThat(d.pushBytes(new byte[] {(byte) 0x80, 'a'})).isEqualTo("\uFFFDa");
        assertThat(d.pushBytes(new byte[] {(byte) 0xEC})).isEmpty();
        assertThat(d.flush()).isEqualTo("\uFFFD");
    }
}
