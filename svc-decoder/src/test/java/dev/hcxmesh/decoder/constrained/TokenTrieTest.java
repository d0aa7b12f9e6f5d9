package dev.hcxmesh.decoder.constrained;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcxmesh.decoder.bench.ConstrainedMaskBench;
import dev.hcxmesh.model.tokenizer.Vocabulary;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class TokenTrieTest {

    @Test
    void bulkAcceptanceOfPlainSubtreesMatchesTheFullWalk() {
        Vocabulary vocab = ConstrainedMaskBench.syntheticVocabulary(6000, 5);
        TokenTrie trie = new TokenTrie(vocab);
        ConstraintLimits limits = new ConstraintLimits(12, 4, 6, 3, 1);
        JsonGrammar g = new JsonGrammar(
                new SchemaCompiler(limits)
                        .compile(
                                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"array\","
                                        + "\"items\":{\"type\":\"string\",\"maxLength\":5}}},\"required\":[\"a\",\"b\"]}"),
                limits);
        TokenTrie.Walker<JsonGrammar.State> bulk = new TokenTrie.Walker<>() {
            @Override
            public JsonGrammar.State edge(JsonGrammar.State s, int b) {
                return JsonGrammar.feed(s, b);
            }

            @Override
            public boolean acceptsPlain(JsonGrammar.State s, int maxBytes) {
                return JsonGrammar.acceptsPlainText(s, maxBytes);
            }
        };
        String[] prefixes = {
            "{\"a\":\"", "{\"a\":\"abc", "{\"a\":\"abcdefghij", "{\"a\":\"x\",\"b\":[\"ab", "{\"a\":\"한"
        };
        int checkedInString = 0;
        for (String p : prefixes) {
            JsonGrammar.State s = g.initial();
            for (byte b : p.getBytes(StandardCharsets.UTF_8)) {
                s = JsonGrammar.feed(s, b & 0xFF);
            }
            BitSet full = new BitSet();
            trie.collect(s, JsonGrammar::feed, full);
            BitSet fast = new BitSet();
            trie.collect(s, bulk, fast);
            assertThat(fast).as(p).isEqualTo(full);
            checkedInString += full.cardinality();
        }
        assertThat(checkedInString).isGreaterThan(1000);
    }

    @Test
    void plainTokensAreCompleteUtf8WithoutQuotesOrControls() {
        assertThat(TokenTrie.isPlain("hello 한".getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(TokenTrie.isPlain("a\"".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(TokenTrie.isPlain("a\\".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(TokenTrie.isPlain(new byte[] {'a', '\n'})).isFalse();
        assertThat(TokenTrie.isPlain(new byte[] {(byte) 0xED, (byte) 0x95})).isFalse(); // half a character
        assertThat(TokenTrie.isPlain(new byte[] {(byte) 0xC0, (byte) 0x80})).isFalse(); // overlong
    }
}
