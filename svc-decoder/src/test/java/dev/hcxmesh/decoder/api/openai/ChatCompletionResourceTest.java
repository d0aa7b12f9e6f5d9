package dev.hcxmesh.decoder.api.openai;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.decoder.engine.EngineException;
import dev.hcxmesh.decoder.testing.TinyVocabulary;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ChatCompletionResourceTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final TinyVocabulary vocab = FakeEngineProducer.VOCAB;

    @io.quarkus.test.common.http.TestHTTPResource("/v1/chat/completions")
    java.net.URI completionsUri;

    @AfterEach
    void reset() {
        FakeEngineProducer.ENGINE.script();
        FakeEngineProducer.ENGINE.failOnStart = null;
        FakeEngineProducer.ENGINE.stepDelayMillis = 0;
    }

    @Test
    void sseChunksArriveWhileTheSequenceIsStillRunning() throws Exception {
        FakeEngineProducer.ENGINE.stepDelayMillis = 150;
        FakeEngineProducer.ENGINE.script(vocab.idOf("Hello"));
        var http = java.net.http.HttpClient.newHttpClient();
        var req = java.net.http.HttpRequest.newBuilder(completionsUri)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true,\"max_tokens\":10}"))
                .build();
        var resp = http.send(req, java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertThat(resp.statusCode()).isEqualTo(200);
        var lines = resp.body().iterator();
        boolean runningAtFirstContent = false;
        boolean sawDone = false;
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.contains("\"content\":\"Hello\"")) {
                runningAtFirstContent = FakeEngineProducer.ENGINE.active.get() > 0;
            }
            sawDone |= line.equals("data: [DONE]");
        }
        assertThat(runningAtFirstContent)
                .as("first token flushed before the sequence ended")
                .isTrue();
        assertThat(sawDone).isTrue();
    }

    private void scriptHelloWorld() {
        FakeEngineProducer.ENGINE.script(vocab.idOf("Hello"), vocab.idOf(" world"), vocab.idOf("<|endofturn|>"));
    }

    @Test
    void listsTheModel() {
        given().get("/v1/models")
                .then()
                .statusCode(200)
                .body("object", equalTo("list"))
                .body("data[0].id", equalTo("HyperCLOVAX-SEED-Vision-Instruct-3B"));
    }

    @Test
    void nonStreamingCompletion() {
        scriptHelloWorld();
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"hcx\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":8,"
                        + "\"temperature\":0.2,\"seed\":1,\"logprobs\":true,\"top_logprobs\":2}")
                .post("/v1/chat/completions")
                .then()
                .statusCode(200)
                .body("object", equalTo("chat.completion"))
                .body("choices[0].message.role", equalTo("assistant"))
                .body("choices[0].message.content", equalTo("Hello world"))
                .body("choices[0].finish_reason", equalTo("stop"))
                .body("choices[0].logprobs.content[0].token", equalTo("Hello"))
                .body("choices[0].logprobs.content[0].top_logprobs.size()", equalTo(2))
                .body("usage.completion_tokens", equalTo(3))
                .body("usage.prompt_tokens", notNullValue());
    }

    @Test
    void streamingCompletionIsSseEndingWithDone() throws Exception {
        scriptHelloWorld();
        String body = given().contentType(ContentType.JSON)
                .body("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}],"
                        + "\"stream\":true,\"stream_options\":{\"include_usage\":true}}")
                .post("/v1/chat/completions")
                .then()
                .statusCode(200)
                .contentType("text/event-stream")
                .extract()
                .asString();
        List<String> data = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ")) {
                data.add(line.substring(6));
            }
        }
        assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
        StringBuilder text = new StringBuilder();
        String finish = null;
        for (String d : data.subList(0, data.size() - 1)) {
            JsonNode chunk = MAPPER.readTree(d);
            assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
            if (chunk.get("choices").isEmpty()) {
                assertThat(chunk.at("/usage/completion_tokens").asInt()).isEqualTo(3);
                continue;
            }
            text.append(chunk.at("/choices/0/delta/content").asText(""));
            if (!chunk.at("/choices/0/finish_reason").isNull()) {
                finish = chunk.at("/choices/0/finish_reason").asText();
            }
        }
        assertThat(text.toString()).isEqualTo("Hello world");
        assertThat(finish).isEqualTo("stop");
        assertThat(MAPPER.readTree(data.get(0)).at("/choices/0/delta/role").asText())
                .isEqualTo("assistant");
    }

    @Test
    void jsonSchemaResponseFormatConstrainsTheOutput() throws Exception {
        String content = given().contentType(ContentType.JSON)
                .body("{\"messages\":[{\"role\":\"user\",\"content\":\"tag it\"}],\"max_tokens\":300,\"temperature\":1,"
                        + "\"top_p\":1,\"seed\":4,\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"t\","
                        + "\"schema\":{\"type\":\"object\",\"properties\":{\"ok\":{\"type\":\"boolean\"},"
                        + "\"color\":{\"enum\":[\"red\",\"green\"]}},\"required\":[\"ok\",\"color\"]}}}}")
                .post("/v1/chat/completions")
                .then()
                .statusCode(200)
                .extract()
                .path("choices[0].message.content");
        JsonNode json = MAPPER.readTree(content);
        assertThat(json.get("ok").isBoolean()).isTrue();
        assertThat(json.get("color").asText()).isIn("red", "green");
    }

    @Test
    void errorsAreOpenAiShapedWithHttpCodes() {
        FakeEngineProducer.ENGINE.failOnStart = new EngineException(ErrorCode.QUEUE_FULL, "queue full");
        given().contentType(ContentType.JSON)
                .body("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions")
                .then()
                .statusCode(429)
                .body("error.code", equalTo("queue_full"))
                .body("error.type", equalTo("rate_limit_error"))
                .body("error.message", equalTo("queue full"));
        FakeEngineProducer.ENGINE.failOnStart = null;
        given().contentType(ContentType.JSON)
                .body("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"top_p\":3}")
                .post("/v1/chat/completions")
                .then()
                .statusCode(400)
                .body("error.type", equalTo("invalid_request_error"));
        given().contentType(ContentType.JSON)
                .body("{\"messages\":[]}")
                .post("/v1/chat/completions")
                .then()
                .statusCode(400)
                .body("error.param", equalTo("messages"));
        given().contentType(ContentType.JSON)
                .body(
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"response_format\":{\"type\":\"json_schema\","
                                + "\"json_schema\":{\"schema\":{\"anyOf\":[]}}}}")
                .post("/v1/chat/completions")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("schema_invalid"));
    }

    @Test
    void imagePartsWithoutVisionClientAre501ProblemJson() {
        given().contentType(ContentType.JSON)
                .body("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"what is it\"},"
                        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgo=\"}}]}]}")
                .post("/v1/chat/completions")
                .then()
                .statusCode(501)
                .contentType("application/problem+json")
                .body("status", equalTo(501))
                .body("error.code", equalTo("not_implemented"));
    }
}
