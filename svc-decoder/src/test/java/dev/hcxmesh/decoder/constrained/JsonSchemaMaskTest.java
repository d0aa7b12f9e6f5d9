package dev.hcxmesh.decoder.constrained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.decoder.engine.EngineException;
import dev.hcxmesh.decoder.engine.TokenSelector;
import dev.hcxmesh.decoder.sampling.SamplingParams;
import dev.hcxmesh.decoder.sampling.SamplingSelector;
import dev.hcxmesh.decoder.sampling.StopTokens;
import dev.hcxmesh.decoder.testing.FakeEngine;
import dev.hcxmesh.decoder.testing.TinyVocabulary;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonSchemaMaskTest {
    static final String OBJECT_SCHEMA =
            """
            {"type":"object","additionalProperties":false,"properties":{
              "name":{"type":"string","maxLength":12},
              "age":{"type":"integer","minimum":0,"maximum":120},
              "score":{"type":"number","minimum":-2.5,"maximum":3.75},
              "ok":{"type":"boolean"},
              "color":{"enum":["red","green","blue"]},
              "tags":{"type":"array","items":{"type":"string","maxLength":5},"minItems":1,"maxItems":3},
              "nested":{"type":"object","additionalProperties":false,
                        "properties":{"x":{"type":"integer"},"kind":{"const":"k"}},"required":["kind"]},
              "nothing":{"type":"null"}},
             "required":["name","age","tags"]}""";
    static final List<String> SCHEMAS = List.of(
            OBJECT_SCHEMA,
            "{\"type\":\"array\",\"items\":{\"type\":\"number\",\"maximum\":-1},\"maxItems\":4}",
            "{\"type\":\"integer\",\"minimum\":10,\"maximum\":20}",
            "{\"type\":\"string\",\"minLength\":2,\"maxLength\":8}",
            "{\"enum\":[1,12,123,\"a\",true,null]}",
            "{\"type\":\"object\",\"properties\":{}}",
            "{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"boolean\"}},"
                    + "\"required\":[\"a\"]},\"minItems\":2,\"maxItems\":2}");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ConstraintLimits LIMITS = new ConstraintLimits(12, 4, 6, 3, 1);
    private final TinyVocabulary vocab = new TinyVocabulary();
    private final TokenTrie trie = new TokenTrie(vocab);

    String generate(String schemaJson, long seed) {
        return generate(schemaJson, seed, 4000);
    }

    String generate(String schemaJson, long seed, int budget) {
        SchemaNode schema = new SchemaCompiler(LIMITS).compile(schemaJson);
        JsonSchemaMask mask = new JsonSchemaMask(schema, LIMITS, vocab, trie);
        SamplingParams p = new SamplingParams(1f, 1f, 0, 1f, budget, seed, List.of(), false, 0, false);
        SamplingSelector sel = new SamplingSelector(p, vocab, StopTokens.resolve(vocab), mask);
        FakeEngine logits = new FakeEngine(vocab.size(), seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int t = 0; t < budget; t++) {
            TokenSelector.Choice c = sel.select(logits.logits(seed, t));
            if (c.emit()) {
                out.writeBytes(vocab.tokenBytes(c.token()));
            }
            if (c.stop()) {
                return out.toString(StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no completion in " + budget + " tokens: " + out.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6})
    void randomLogitsAlwaysYieldValidJson(int schemaIndex) throws Exception {
        String schemaJson = SCHEMAS.get(schemaIndex);
        JsonSchema validator =
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaJson);
        for (long seed = 0; seed < 60; seed++) {
            String text = generate(schemaJson, seed * 1000 + schemaIndex);
            JsonNode parsed = MAPPER.readTree(text);
            Set<ValidationMessage> errors = validator.validate(parsed);
            assertThat(errors).as("seed %d output %s", seed, text).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 6})
    void tightTokenBudgetsStillCloseTheValue(int schemaIndex) throws Exception {
        String schemaJson = SCHEMAS.get(schemaIndex);
        JsonSchema validator =
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaJson);
        SchemaNode schema = new SchemaCompiler(LIMITS).compile(schemaJson);
        int minimum = new JsonSchemaMask(schema, LIMITS, vocab, trie).remainingCost();
        for (long seed = 0; seed < 30; seed++) {
            int budget = minimum + (int) (seed % 10) * 3;
            String text = generate(schemaJson, seed, budget);
            assertThat(validator.validate(MAPPER.readTree(text)))
                    .as("budget %d output %s", budget, text)
                    .isEmpty();
        }
    }

    @Test
    void generationIsDeterministicPerSeed() {
        assertThat(generate(OBJECT_SCHEMA, 5)).isEqualTo(generate(OBJECT_SCHEMA, 5));
    }

    @Test
    void maskAllowsOnlyValidContinuations() {
        SchemaNode schema = new SchemaCompiler(LIMITS).compile("{\"type\":\"boolean\"}");
        JsonSchemaMask mask = new JsonSchemaMask(schema, LIMITS, vocab, trie);
        assertThat(mask.allowed().stream().mapToObj(id -> new String(vocab.tokenBytes(id), StandardCharsets.UTF_8)))
                .containsExactlyInAnyOrder("t", "f", "true", "false", "fal");
        mask.accept(vocab.idOf("fal"));
        assertThat(mask.allowed().stream().mapToObj(id -> new String(vocab.tokenBytes(id), StandardCharsets.UTF_8)))
                .containsExactlyInAnyOrder("s", "se");
        mask.accept(vocab.idOf("se"));
        assertThat(mask.isComplete()).isTrue();
        assertThat(mask.allowed().isEmpty()).isTrue();
    }

    @Test
    void numberBoundsAreEnforcedOnPrefixes() {
        JsonGrammar g = new JsonGrammar(
                new SchemaCompiler(LIMITS).compile("{\"type\":\"integer\",\"minimum\":10,\"maximum\":20}"), LIMITS);
        JsonGrammar.State s = g.initial();
        assertThat(JsonGrammar.feed(s, '3')).isNull(); // 3, 30.. never in [10, 20]
        assertThat(JsonGrammar.feed(s, '-')).isNull();
        JsonGrammar.State one = JsonGrammar.feed(s, '1');
        assertThat(one).isNotNull();
        assertThat(JsonGrammar.canFinish(one)).isFalse();
        assertThat(JsonGrammar.canFinish(JsonGrammar.feed(one, '5'))).isTrue();
        assertThat(JsonGrammar.feed(JsonGrammar.feed(s, '2'), '1')).isNull();
    }

    @Test
    void unsupportedSchemasAreRefusedWithSchemaInvalid() {
        SchemaCompiler c = new SchemaCompiler(LIMITS);
        for (String bad : List.of(
                "{\"anyOf\":[{\"type\":\"string\"}]}",
                "{\"type\":\"string\",\"pattern\":\"a+\"}",
                "{\"type\":[\"string\",\"null\"]}",
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"b\"]}",
                "not json")) {
            assertThatThrownBy(() -> c.compile(bad))
                    .isInstanceOf(EngineException.class)
                    .satisfies(e -> assertThat(((EngineException) e).code()).isEqualTo(ErrorCode.SCHEMA_INVALID));
        }
    }
}
