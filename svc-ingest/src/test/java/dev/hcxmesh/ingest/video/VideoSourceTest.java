package dev.hcxmesh.ingest.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.ingest.IngestException;
import dev.hcxmesh.ingest.video.TestClips.Motion;
import dev.hcxmesh.ingest.video.TestClips.Segment;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Decoding, limits and corrupt input (typed errors, never a hang). */
@Timeout(15)
class VideoSourceTest {
    @TempDir
    static Path dir;

    static Path clip;

    @BeforeAll
    static void makeClip() throws Exception {
        clip = dir.resolve("ok.mp4");
        TestClips.write(clip, 160, 90, 10, List.of(new Segment(30, 60, Motion.MOVING)));
    }

    @Test
    void decodesEveryFrameWithMonotonicTimestampsAndRgb() {
        try (VideoSource s = VideoSource.openFile(clip, DecodeConfig.defaults())) {
            assertThat(s.width()).isEqualTo(160);
            assertThat(s.durationMs()).isBetween(2900L, 3100L);
            long last = -1;
            int n = 0;
            DecodedFrame f;
            while ((f = s.next()) != null) {
                assertThat(f.ptsMs()).isGreaterThan(last);
                last = f.ptsMs();
                if (n == 0) {
                    SampledFrame rgb = f.toRgb();
                    // background grey 60 survives the YUV round trip within a few levels
                    int i = (45 * 160 + 100) * 3;
                    assertThat(rgb.rgb()[i] & 0xFF).isBetween(52, 68);
                    assertThat(f.thumb().mean()).isBetween(50.0, 120.0);
                }
                n++;
            }
            assertThat(n).isEqualTo(30);
            assertThat(last).isEqualTo(2900);
        }
    }

    @Test
    void outputDownscaleKeepsAspect() {
        try (VideoSource s = VideoSource.openFile(clip, DecodeConfig.defaults().withOutputMaxSide(80))) {
            SampledFrame f = s.next().toRgb();
            assertThat(f.width()).isEqualTo(80);
            assertThat(f.height()).isEqualTo(45);
        }
    }

    @Test
    void frameUsedAfterNextGrabIsRejected() {
        try (VideoSource s = VideoSource.openFile(clip, DecodeConfig.defaults())) {
            DecodedFrame first = s.next();
            s.next();
            assertThatThrownBy(first::toRgb).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void pixelLimitIsMediaTooLarge() {
        assertThatThrownBy(
                        () -> VideoSource.openFile(clip, DecodeConfig.defaults().withMaxPixels(160 * 90 - 1)))
                .isInstanceOfSatisfying(IngestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_TOO_LARGE);
                    assertThat(e.facts()).containsEntry("found", Integer.toString(160 * 90));
                });
    }

    @Test
    void durationLimitIsMediaTooLarge() {
        assertThatThrownBy(
                        () -> VideoSource.openFile(clip, DecodeConfig.defaults().withMaxDurationMs(1_000)))
                .isInstanceOfSatisfying(
                        IngestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_TOO_LARGE));
    }

    @Test
    void truncatedMp4IsUndecodable() throws Exception {
        byte[] all = Files.readAllBytes(clip);
        // the recorder writes the moov index last: cut it off
        Path cut = dir.resolve("truncated.mp4");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        assertThatThrownBy(() -> drain(VideoSource.openFile(cut, DecodeConfig.defaults())))
                .isInstanceOfSatisfying(
                        IngestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_UNDECODABLE));
    }

    @Test
    void garbageBytesAreUndecodable() throws Exception {
        byte[] junk = new byte[64 * 1024];
        new Random(7).nextBytes(junk);
        Path garbage = dir.resolve("garbage.mp4");
        Files.write(garbage, junk);
        assertThatThrownBy(() -> drain(VideoSource.openFile(garbage, DecodeConfig.defaults())))
                .isInstanceOfSatisfying(
                        IngestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_UNDECODABLE));
        assertThatThrownBy(() -> drain(
                        VideoSource.openStream(new ByteArrayInputStream(junk), junk.length, DecodeConfig.defaults())))
                .isInstanceOfSatisfying(
                        IngestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_UNDECODABLE));
    }

    @Test
    void mp4HeaderWithGarbageMediaDataDoesNotHang() throws Exception {
        byte[] all = Files.readAllBytes(clip);
        Random r = new Random(11);
        // overwrite the middle of mdat with noise; the moov index at the end stays intact
        for (int i = 48; i < all.length / 2; i++) {
            all[i] = (byte) r.nextInt();
        }
        Path damaged = dir.resolve("damaged.mp4");
        Files.write(damaged, all);
        try {
            int frames = drain(VideoSource.openFile(damaged, DecodeConfig.defaults()));
            assertThat(frames).isLessThanOrEqualTo(30);
        } catch (IngestException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_UNDECODABLE);
        }
    }

    @Test
    void inMemoryStreamDecodes() throws Exception {
        byte[] all = Files.readAllBytes(clip);
        int n = drain(VideoSource.openStream(new ByteArrayInputStream(all), all.length, DecodeConfig.defaults()));
        assertThat(n).isEqualTo(30);
    }

    private static int drain(VideoSource source) {
        try (source) {
            int n = 0;
            while (source.next() != null) {
                n++;
            }
            return n;
        }
    }
}
