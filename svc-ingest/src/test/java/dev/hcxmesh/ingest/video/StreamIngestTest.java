package dev.hcxmesh.ingest.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.ingest.IngestException;
import dev.hcxmesh.ingest.fetch.FetchConfig;
import dev.hcxmesh.ingest.fetch.SafeUrlFetcher;
import dev.hcxmesh.ingest.video.TestClips.Motion;
import dev.hcxmesh.ingest.video.TestClips.Segment;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** StreamIngest end to end: HTTP stream-through, failure hand-off, DROP_NEWEST, prompt close; live URL vetting. */
@Timeout(30)
class StreamIngestTest {
    @TempDir
    static Path dir;

    static Path clip;
    static HttpServer server;

    @BeforeAll
    static void setUp() throws Exception {
        clip = dir.resolve("short.mp4");
        TestClips.write(
                clip, 160, 90, 10, List.of(new Segment(40, 40, Motion.MOVING), new Segment(40, 200, Motion.MOVING)));
        byte[] mp4 = Files.readAllBytes(clip);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/clip.mp4", ex -> {
            ex.getResponseHeaders().set("Content-Type", "video/mp4");
            ex.sendResponseHeaders(200, mp4.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(mp4);
            }
        });
        server.createContext("/image.png", ex -> {
            byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0};
            ex.getResponseHeaders().set("Content-Type", "image/png");
            ex.sendResponseHeaders(200, png.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(png);
            }
        });
        server.start();
    }

    @AfterAll
    static void tearDown() {
        server.stop(0);
    }

    static SafeUrlFetcher loopbackFetcher() {
        return new SafeUrlFetcher(FetchConfig.defaults().withPrivateAllowedHosts(Set.of("127.0.0.1")));
    }

    static List<VideoChunk> drain(StreamIngest ingest) throws InterruptedException {
        List<VideoChunk> out = new ArrayList<>();
        VideoChunk c;
        while ((c = ingest.take()) != null) {
            out.add(c);
        }
        return out;
    }

    @Test
    void httpVideoIsVettedAndStreamedThrough() throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/clip.mp4");
        ChunkingConfig config = ChunkingConfig.defaults().withChunkMs(3_000).withDedup(-1);
        try (StreamIngest ingest = StreamIngest.start(
                "http-1",
                () -> VideoSource.openHttp(uri, loopbackFetcher(), DecodeConfig.defaults()),
                config,
                StreamStats.Listener.NONE)) {
            List<VideoChunk> chunks = drain(ingest);
            // 8 s with a cut at 4 s: [0,3) [3,4)cut [4,7) [7,8)
            assertThat(chunks).extracting(VideoChunk::startMs).containsExactly(0L, 3_000L, 4_000L, 7_000L);
            assertThat(chunks.get(1).endsAtSceneCut()).isTrue();
            assertThat(ingest.counters().snapshot().framesDecoded()).isEqualTo(80);
            assertThat(ingest.isFinished()).isTrue();
        }
    }

    @Test
    void httpImageIsNotAVideo() {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/image.png");
        assertThatThrownBy(() -> VideoSource.openHttp(uri, loopbackFetcher(), DecodeConfig.defaults()))
                .isInstanceOfSatisfying(
                        IngestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_UNSUPPORTED));
    }

    @Test
    void corruptInputSurfacesAsTypedErrorFromTake() throws Exception {
        Path bad = dir.resolve("bad.mp4");
        Files.write(bad, "definitely not a video".repeat(100).getBytes());
        try (StreamIngest ingest = StreamIngest.start(
                "bad-1",
                () -> VideoSource.openFile(bad, DecodeConfig.defaults()),
                ChunkingConfig.defaults(),
                StreamStats.Listener.NONE)) {
            assertThatThrownBy(ingest::take).isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.code())
                    .isEqualTo(ErrorCode.MEDIA_UNDECODABLE));
        }
    }

    @Test
    void dropNewestKeepsTheOldestChunks() throws Exception {
        ChunkingConfig config = ChunkingConfig.defaults()
                .withChunkMs(500)
                .withSceneCuts(false)
                .withDedup(-1)
                .withQueue(2, BackPressure.DROP_NEWEST);
        try (StreamIngest ingest = StreamIngest.start(
                "newest-1",
                () -> VideoSource.openFile(clip, DecodeConfig.defaults()),
                config,
                StreamStats.Listener.NONE)) {
            assertThat(ingest.awaitDone(Duration.ofSeconds(20))).isTrue(); // consumer absent until the end
            List<VideoChunk> chunks = drain(ingest);
            assertThat(chunks).extracting(VideoChunk::index).containsExactly(0L, 1L);
            StreamStats stats = ingest.counters().snapshot();
            assertThat(stats.chunksDropped()).isEqualTo(16 - 2);
            assertThat(stats.queueHighWater()).isEqualTo(2);
        }
    }

    @Test
    void closeStopsAPacedStreamPromptly() throws Exception {
        ChunkingConfig config = ChunkingConfig.defaults().withPlaybackSpeed(1); // 8 s in real time
        StreamIngest ingest = StreamIngest.start(
                "paced-1",
                () -> VideoSource.openFile(clip, DecodeConfig.defaults()),
                config,
                StreamStats.Listener.NONE);
        Thread.sleep(300);
        long t0 = System.nanoTime();
        ingest.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        assertThat(ingest.awaitDone(Duration.ofMillis(10))).isTrue();
        assertThat(ingest.counters().snapshot().framesDecoded()).isLessThan(80);
    }

    @Test
    void liveUrlsAreVettedBeforeFfmpegSeesThem() {
        SafeUrlFetcher strict = new SafeUrlFetcher(FetchConfig.defaults());
        for (String url :
                List.of("rtsp://127.0.0.1:8554/cam", "srt://10.0.0.5:9000", "http://169.254.169.254/x.m3u8")) {
            assertThatThrownBy(() -> VideoSource.openLive(URI.create(url), strict, DecodeConfig.defaults()))
                    .as(url)
                    .isInstanceOfSatisfying(
                            IngestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.URL_REFUSED));
        }
        assertThatThrownBy(
                        () -> VideoSource.openLive(URI.create("file:///etc/passwd"), strict, DecodeConfig.defaults()))
                .isInstanceOfSatisfying(
                        IngestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.URL_REFUSED));
    }
}
