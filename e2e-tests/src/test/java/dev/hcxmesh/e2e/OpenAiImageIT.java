package dev.hcxmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hcxmesh.model.tokens.VisualTokens;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real, unmodified {@code openai} npm package (src/test/node/openai-client.mjs) against the whole
 * mesh: chat completions with {@code image_url} data-URL parts, plain and streamed, go from the
 * decoder through ingest and the vision encoder and back; the prompt grows by exactly the images'
 * visual tokens ({@link VisualTokens#imageTokens}). Skipped without node or the installed package
 * unless CI=true.
 */
@ExtendWith(SharedMesh.class)
class OpenAiImageIT {
    static final Path NODE_DIR = NodeGrpcClientIT.NODE_DIR;

    @TempDir
    Path tmp;

    @Test
    void openAiClientSendsImagePartsThroughTheMesh() throws Exception {
        ForeignClients.requireTool("node");
        NodeGrpcClientIT.ensureNodeModules();
        boolean installed = Files.isRegularFile(NODE_DIR.resolve("node_modules/openai/package.json"));
        if (ForeignClients.ci()) {
            assertThat(installed).as("openai package installed (CI=true)").isTrue();
        }
        Assumptions.assumeTrue(installed, "node_modules/openai missing");

        Path chart = tmp.resolve("chart.png");
        Files.write(chart, SampleMedia.chartPng()); // 960x540: AnyRes grid plus the global view
        Path small = tmp.resolve("small.png");
        Files.write(small, smallPng(200, 120));
        int chartTokens = VisualTokens.imageTokens(960, 540);
        int smallTokens = VisualTokens.imageTokens(200, 120);
        assertThat(chartTokens).isNotEqualTo(smallTokens);

        String decoder =
                "http://127.0.0.1:" + SharedMesh.mesh().spec("svc-decoder").port() + "/v1";
        var run = ForeignClients.run(
                List.of(
                        "env",
                        "OPENAI_BASE_URL=" + decoder,
                        "HCX_IMAGE_A=" + chart,
                        "HCX_IMAGE_A_TOKENS=" + chartTokens,
                        "HCX_IMAGE_B=" + small,
                        "HCX_IMAGE_B_TOKENS=" + smallTokens,
                        "node",
                        "openai-client.mjs"),
                NODE_DIR,
                300);
        String out = run.out().strip();
        assertThat(run.exit()).as("node client: " + out + " " + run.stderr()).isZero();
        JsonNode json =
                new ObjectMapper().readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
        assertThat(json.path("ok").asBoolean()).as(out).isTrue();
        JsonNode images = json.path("images");
        assertThat(images.path("a").asInt() - images.path("b").asInt()).isEqualTo(chartTokens - smallTokens);
        assertThat(images.path("a").asInt() - images.path("textOnly").asInt()).isGreaterThan(chartTokens);
        assertThat(images.path("streamed").asInt()).isEqualTo(images.path("a").asInt());
    }

    private static byte[] smallPng(int w, int h) throws Exception {
        var img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(new Color(0x1565c0));
        g.fillRect(0, 0, w, h);
        g.setColor(Color.WHITE);
        g.fillOval(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        var out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }
}
