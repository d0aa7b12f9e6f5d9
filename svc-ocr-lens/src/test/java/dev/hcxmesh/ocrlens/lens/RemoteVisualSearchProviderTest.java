package dev.hcxmesh.ocrlens.lens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcxmesh.lens.v1.Box;
import dev.hcxmesh.lens.v1.Keyword;
import dev.hcxmesh.lens.v1.SearchRequest;
import dev.hcxmesh.lens.v1.SearchResponse;
import dev.hcxmesh.lens.v1.VisualSearchGrpc;
import dev.hcxmesh.ocrlens.Render;
import dev.hcxmesh.ocrlens.ocr.OcrImage;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RemoteVisualSearchProviderTest {

    Server server;
    ManagedChannel channel;
    final AtomicReference<SearchRequest> seen = new AtomicReference<>();
    volatile long delayMillis;

    void start() throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name)
                .addService(new VisualSearchGrpc.VisualSearchImplBase() {
                    @Override
                    public void search(SearchRequest req, StreamObserver<SearchResponse> out) {
                        seen.set(req);
                        try {
                            Thread.sleep(delayMillis);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        out.onNext(SearchResponse.newBuilder()
                                .addKeywords(Keyword.newBuilder()
                                        .setText("Gucci Ophidia")
                                        .setScore(0.93f)
                                        .setKind("product")
                                        .setBox(Box.newBuilder()
                                                .setX1(0.07f)
                                                .setY1(0.21f)
                                                .setX2(0.92f)
                                                .setY2(0.904f)))
                                .addKeywords(Keyword.newBuilder()
                                        .setText("cross bag")
                                        .setScore(1.7f))
                                .addKeywords(Keyword.newBuilder().setText("  ").setScore(0.5f))
                                .addKeywords(Keyword.newBuilder()
                                        .setText("flipped")
                                        .setScore(0.4f)
                                        .setBox(Box.newBuilder()
                                                .setX1(0.9f)
                                                .setY1(0.9f)
                                                .setX2(0.2f)
                                                .setY2(1.3f)))
                                .build());
                        out.onCompleted();
                    }
                })
                .build()
                .start();
        channel = InProcessChannelBuilder.forName(name).build();
    }

    @AfterEach
    void stop() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (server != null) {
            server.shutdownNow();
        }
    }

    @Test
    void mapsKeywordsAndSendsPng() throws Exception {
        start();
        var p = new RemoteVisualSearchProvider(channel, Duration.ofSeconds(2), 10, "ko");
        OcrImage img = OcrImage.of(Render.canvas(64, 32, Color.ORANGE));
        List<LensKeyword> ks = p.detect(img, List.of());
        assertThat(ks).extracting(LensKeyword::text).containsExactly("Gucci Ophidia", "cross bag", "flipped");
        assertThat(ks.get(0).kind()).isEqualTo("product");
        assertThat(ks.get(1).kind()).isEqualTo("visual");
        assertThat(ks.get(1).score()).isEqualTo(1f);
        assertThat(ks.get(1).box()).isNull();
        assertThat(ks.get(2).box()).containsExactly(0.2f, 0.9f, 0.9f, 1f);
        assertThat(LensFormatter.lensLocalKeywords(ks))
                .isEqualTo("[0.07, 0.21, 0.92, 0.90] Gucci Ophidia, [0.20, 0.90, 0.90, 1.00] flipped");
        SearchRequest req = seen.get();
        assertThat(req.getMimeType()).isEqualTo("image/png");
        assertThat(req.getMaxResults()).isEqualTo(10);
        assertThat(req.getLanguage()).isEqualTo("ko");
        var decoded = ImageIO.read(new ByteArrayInputStream(req.getImage().toByteArray()));
        assertThat(decoded.getWidth()).isEqualTo(64);
        assertThat(decoded.getRGB(3, 3) & 0xFFFFFF).isEqualTo(Color.ORANGE.getRGB() & 0xFFFFFF);
    }

    @Test
    void deadlineBecomesLensException() throws Exception {
        start();
        delayMillis = 1500;
        var p = new RemoteVisualSearchProvider(channel, Duration.ofMillis(100), 0, "");
        OcrImage img = OcrImage.of(Render.canvas(8, 8, Color.WHITE));
        assertThatThrownBy(() -> p.detect(img, List.of()))
                .isInstanceOf(LensException.class)
                .hasMessageContaining("DEADLINE_EXCEEDED");
    }
}
