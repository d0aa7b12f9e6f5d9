package dev.hcxmesh.decoder.vision;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.hcxmesh.broker.KafkaTestResource;
import dev.hcxmesh.broker.TopicProbe;
import dev.hcxmesh.contracts.Topics;
import dev.hcxmesh.decoder.engine.LanguageEngine;
import dev.hcxmesh.decoder.engine.SequenceRequest;
import dev.hcxmesh.decoder.testing.FakeEngine;
import dev.hcxmesh.events.v1.Purpose;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The mesh vision client on a real broker, with {@link FakeIngestEncoder} playing ingest and the
 * encoder: image rows come back over hcx.embeddings and are spliced at the placeholder; the join
 * stage acknowledges the embed-only request without a result; ingest's errors map to OpenAI errors.
 */
@QuarkusTest
@TestProfile(VisionKafkaTest.VisionOn.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
class VisionKafkaTest {

    /** Vision client on, short image timeout. */
    public static class VisionOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hcx.decoder.vision.enabled", "true", "hcx.decoder.openai.vision-timeout", "4s");
        }
    }

    private static FakeIngestEncoder fake;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    LanguageEngine engine;

    @Inject
    MeterRegistry registry;

    @BeforeAll
    static void startFake() {
        fake = new FakeIngestEncoder(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    private static String png(int width) throws Exception {
        var out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, 3, BufferedImage.TYPE_INT_RGB), "png", out);
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }

    private static String body(String url) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"what is it\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + url + "\"}}]}],\"max_tokens\":2}";
    }

    private int promptTokens(String url) {
        return given().contentType(ContentType.JSON)
                .body(body(url))
                .post("/v1/chat/completions")
                .then()
                .statusCode(200)
                .extract()
                .path("usage.prompt_tokens");
    }

    @Test
    void imageRowsFromTheMeshAreSplicedAndTheJoinPublishesNoResultForThem() throws Exception {
        FakeEngine fakeEngine = (FakeEngine) engine;
        int six = promptTokens(png(6)); // BF16 rows
        SequenceRequest started = fakeEngine.started.getLast();
        int nine = promptTokens(png(9)); // FP32 rows

        assertThat(nine - six).as("prompt tokens grow with the image's rows").isEqualTo(3);
        assertThat(started.splices()).hasSize(1);
        var splice = started.splices().getFirst();
        assertThat(splice.count()).isEqualTo(6);
        assertThat(started.promptIds().length).isEqualTo(six);
        for (int t = 0; t < 6; t++) {
            for (int h = 0; h < FakeIngestEncoder.HIDDEN; h++) {
                assertThat(splice.rows()[t * FakeIngestEncoder.HIDDEN + h]).isEqualTo(FakeIngestEncoder.value(t, h));
            }
        }

        var embeds = fake.requests.values().stream()
                .filter(r -> r.getMedia().hasInlineBytes())
                .toList();
        assertThat(embeds).hasSizeGreaterThanOrEqualTo(2).allSatisfy(r -> {
            assertThat(r.getPurpose()).isEqualTo(Purpose.PURPOSE_EMBED);
            assertThat(r.getTask().getDisableEnrichment()).isTrue();
            assertThat(r.getMedia().getMimeType()).isEqualTo("image/png");
        });
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .until(() -> registry.counter("hcx_decoder_embed_only_total").count() >= embeds.size());
        List<String> ids = embeds.stream().map(r -> r.getMeta().getRequestId()).toList();
        var results =
                TopicProbe.readUntil(bootstrap, List.of(Topics.RESULTS.name()), seen -> false, Duration.ofSeconds(2));
        assertThat(results).noneMatch(r -> ids.contains(r.key()));
    }

    @Test
    void anIngestRefusalIsATypedOpenAiError() {
        given().contentType(ContentType.JSON)
                .body(body("https://images.example/refused.png"))
                .post("/v1/chat/completions")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("url_refused"))
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", containsString("private address"));
        assertThat(fake.requests.values())
                .anyMatch(r -> r.getMedia().getUrl().equals("https://images.example/refused.png")
                        && r.getPurpose() == Purpose.PURPOSE_EMBED);
    }

    @Test
    void noAnswerFromTheMeshTimesOut() {
        given().contentType(ContentType.JSON)
                .body(body("https://images.example/silent.png"))
                .post("/v1/chat/completions")
                .then()
                .statusCode(504)
                .body("error.code", equalTo("deadline_exceeded"));
    }

    @Test
    void dataUrlsAreCheckedBeforeAnythingIsPublished() {
        given().contentType(ContentType.JSON)
                .body(body("data:text/plain;base64,aGk="))
                .post("/v1/chat/completions")
                .then()
                .statusCode(415)
                .body("error.code", equalTo("media_unsupported"));
        given().contentType(ContentType.JSON)
                .body(body("data:image/png;base64,%%%%"))
                .post("/v1/chat/completions")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("media_undecodable"));
    }
}
