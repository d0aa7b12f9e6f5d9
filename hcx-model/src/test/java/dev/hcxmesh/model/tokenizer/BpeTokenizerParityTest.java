package dev.hcxmesh.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hcxmesh.model.fixtures.TinyTokenizerFiles;
import dev.hcxmesh.model.fixtures.TokenizerJsonBuilder;
import dev.hcxmesh.model.fixtures.TokenizerJsonBuilder.Added;
import dev.hcxmesh.model.prompt.SpecialTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Id-for-id parity with the Hugging Face {@code tokenizers} library (through DJL, offline, local files
 * only, no template / no special tokens added) on six generated tokenizer.json files (one with declared added-token ids HF ignores):
 * the tiny checkpoint tokenizer (cl100k Split, "a b" merges), a richer one with the possessive
 * tiktoken pattern and [a, b] merges plus lstrip/rstrip and in-vocab added tokens, two exercising
 * every Split behaviour (String/Regex, MergedWithNext/Previous, inverted Removed, Contiguous) and a
 * plain GPT-2 ByteLevel (regex + prefix space) one with ignore_merges.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BpeTokenizerParityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private final List<Case> cases = new ArrayList<>();

    record Case(String name, BpeTokenizer ours, HuggingFaceTokenizer reference) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    void setUp() throws IOException {
        Path tiny = dir.resolve("tiny");
        TinyTokenizerFiles.write(tiny);
        add("tiny-cl100k", tiny.resolve("tokenizer.json"));
        // declared added-token ids that disagree with Hugging Face's assignment (it ignores them)
        ObjectNode shifted =
                (ObjectNode) JSON.readTree(tiny.resolve("tokenizer.json").toFile());
        shifted.withArray("added_tokens")
                .forEach(t -> ((ObjectNode) t).put("id", t.path("id").asInt() + 3));
        Path shiftedFile = dir.resolve("tiny-shifted-ids.json");
        Files.writeString(shiftedFile, JSON.writeValueAsString(shifted));
        add("tiny-shifted-ids", shiftedFile);

        List<String> texts = new ArrayList<>(ParityCorpus.FIXED);
        texts.addAll(ParityCorpus.random(200, 7));
        String rich = TinyTokenizerFiles.CORPUS + "\n" + String.join("\n", texts);
        List<Added> added = new ArrayList<>(
                TinyTokenizerFiles.SPECIALS.stream().map(Added::special).toList());
        added.add(new Added("<tool>", false, true, true, false));
        added.add(new Added("bbox", false, false, false, true));

        write(
                "rich-possessive",
                TokenizerJsonBuilder.build(
                        TokenizerJsonBuilder.splitThenByteLevel(TokenizerJsonBuilder.CL100K_POSSESSIVE_PATTERN),
                        rich,
                        900,
                        true,
                        false,
                        added));
        write(
                "split-merged-next-previous",
                TokenizerJsonBuilder.build(
                        sequence(
                                split("String", " ", "MergedWithNext", false),
                                split("Regex", "[.,!?]+", "MergedWithPrevious", false),
                                TokenizerJsonBuilder.byteLevel(false, false)),
                        rich,
                        500,
                        true,
                        false,
                        added));
        write(
                "split-inverted-contiguous",
                TokenizerJsonBuilder.build(
                        sequence(
                                split("Regex", TokenizerJsonBuilder.CL100K_PATTERN, "Removed", true),
                                split("Regex", "\\s", "Contiguous", false),
                                TokenizerJsonBuilder.byteLevel(true, false)),
                        rich,
                        500,
                        false,
                        false,
                        added));
        write(
                "gpt2-bytelevel",
                TokenizerJsonBuilder.build(TokenizerJsonBuilder.byteLevel(true, true), rich, 700, false, true, added));
    }

    private static ObjectNode split(String kind, String pattern, String behavior, boolean invert) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "Split");
        n.putObject("pattern").put(kind, pattern);
        n.put("behavior", behavior);
        n.put("invert", invert);
        return n;
    }

    private static ObjectNode sequence(ObjectNode... steps) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "Sequence");
        ArrayNode a = n.putArray("pretokenizers");
        for (ObjectNode step : steps) {
            a.add(step);
        }
        return n;
    }

    private void write(String name, TokenizerJsonBuilder.Built built) throws IOException {
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, new ObjectMapper().writeValueAsString(built.json()));
        add(name, file);
    }

    private void add(String name, Path file) throws IOException {
        HuggingFaceTokenizer ref = HuggingFaceTokenizer.builder()
                .optTokenizerPath(file)
                .optAddSpecialTokens(false)
                .optTruncation(false)
                .optPadding(false)
                .build();
        cases.add(new Case(name, BpeTokenizer.load(file), ref));
    }

    @AfterAll
    void close() {
        cases.forEach(c -> c.reference().close());
    }

    Stream<Arguments> tokenizers() {
        return cases.stream().map(Arguments::of);
    }

    static List<String> texts() {
        List<String> all = new ArrayList<>(ParityCorpus.FIXED);
        all.addAll(ParityCorpus.random(600, 42));
        all.add(String.join("\n", ParityCorpus.FIXED));
        return all;
    }

    @ParameterizedTest
    @MethodSource("tokenizers")
    void encodeMatchesHuggingFaceIdForId(Case c) {
        List<String> failures = new ArrayList<>();
        for (String text : texts()) {
            long[] expected = c.reference().encode(text, false, false).getIds();
            int[] ours = c.ours().encode(text);
            if (!Arrays.equals(expected, Arrays.stream(ours).asLongStream().toArray())) {
                failures.add(escape(text) + "\n   hf:   " + Arrays.toString(expected) + "\n   ours: "
                        + Arrays.toString(ours));
            }
        }
        assertThat(failures)
                .as("texts whose ids differ from Hugging Face (%s)", c)
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("tokenizers")
    void decodeMatchesHuggingFace(Case c) {
        for (String text : texts()) {
            int[] ids = c.ours().encode(text);
            long[] longIds = Arrays.stream(ids).asLongStream().toArray();
            assertThat(c.ours().decode(ids))
                    .as("decode %s", escape(text))
                    .isEqualTo(c.reference().decode(longIds, false));
            assertThat(c.ours().decode(ids, true))
                    .as("decode skip-special %s", escape(text))
                    .isEqualTo(c.reference().decode(longIds, true));
        }
    }

    @ParameterizedTest
    @MethodSource("tokenizers")
    void idsWithoutAnEntryDecodeToNothingLikeHuggingFace(Case c) {
        int[] ids = c.ours().encode("안녕 hello");
        int[] withPadding = Arrays.copyOf(ids, ids.length + 1);
        withPadding[ids.length] = c.ours().size() + 5; // an embedding padding row the model may sample
        long[] longIds = Arrays.stream(withPadding).asLongStream().toArray();
        assertThat(c.ours().decode(withPadding))
                .isEqualTo(c.reference().decode(longIds, false))
                .isEqualTo(c.ours().decode(ids));
    }

    @ParameterizedTest
    @MethodSource("tokenizers")
    void specialTokensAreSingleIds(Case c) {
        for (String special : TinyTokenizerFiles.SPECIALS) {
            int id = c.ours().idOf(special);
            assertThat(c.ours().encode(special)).containsExactly(id);
            assertThat(c.ours().isSpecial(id)).isTrue();
            assertThat(new String(c.ours().tokenBytes(id), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(special);
        }
        assertThat(c.ours().encode("a" + SpecialTokens.IMAGE_PLACEHOLDER + "b"))
                .contains(c.ours().idOf(SpecialTokens.IMAGE_PLACEHOLDER));
    }

    private static String escape(String s) {
        String e = s.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
        return e.length() > 120 ? e.substring(0, 120) + "..." : e;
    }
}
