package dev.hcxmesh.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OnigTranslatorTest {

    @Test
    void intervalFollowedByPlusRepeatsTheIntervalInsteadOfBeingPossessive() {
        assertThat(OnigTranslator.toJava("\\p{N}{1,3}+")).isEqualTo("(?:\\p{N}{1,3})+");
        assertThat(OnigTranslator.toJava("(ab){2}+")).isEqualTo("(?:(ab){2})+");
        assertThat(OnigTranslator.toJava("[a-z]{1,}+x")).isEqualTo("(?:[a-z]{1,})+x");
        Matcher m = PreTokenizer.compileOnig("\\p{N}{1,3}+").matcher("12345678");
        assertThat(m.find()).isTrue();
        assertThat(m.group()).isEqualTo("12345678");
    }

    @Test
    void otherQuantifiersAndClassesPassThrough() {
        String cl100k =
                "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
        assertThat(OnigTranslator.toJava(cl100k)).isEqualTo(cl100k);
        assertThat(OnigTranslator.toJava("a?+b++c*+")).isEqualTo("a?+b++c*+");
        assertThat(OnigTranslator.toJava("[]a]")).isEqualTo("[\\]a]");
    }

    @Test
    void rubyOnlySpellingsAreRewritten() {
        assertThat(OnigTranslator.toJava("a{,2}")).isEqualTo("a{0,2}");
        assertThat(OnigTranslator.toJava("{x}")).isEqualTo("\\{x}");
        assertThat(OnigTranslator.toJava("\\h+")).isEqualTo("[0-9a-fA-F]+");
        assertThat(OnigTranslator.toJava("[\\h_]")).isEqualTo("[0-9a-fA-F_]");
        assertThat(Pattern.compile(OnigTranslator.toJava("{x}")).matcher("{x}").matches())
                .isTrue();
    }

    @Test
    void unicodeWhitespaceMatchesLikeOniguruma() {
        Pattern p = PreTokenizer.compileOnig("\\s+");
        for (String ws : new String[] {"\u00A0", "\u3000", "\u0085", "\u2028", "\u000B", "\t"}) {
            assertThat(p.matcher(ws).matches()).as("U+%04X", (int) ws.charAt(0)).isTrue();
        }
    }
}
