package dev.hcxmesh.ingest.config;

import dev.hcxmesh.ingest.video.BackPressure;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of svc-ingest ({@code hcx.ingest.*}). */
@ConfigMapping(prefix = "hcx.ingest")
public interface IngestConfig {

    /** Limits on what users send; each violation is a typed MEDIA_TOO_LARGE error. */
    Limits limits();

    /** Safe URL fetching (SSRF guard). */
    Url url();

    /** Video sampling. */
    Video video();

    /** Live-stream chunking. */
    Live live();

    /** Media larger than this travels by claim check (a blob store reference), not inline in Kafka. */
    @WithDefault("2097152")
    int inlineMaxBytes();

    /** Directory of the local claim-check blob store (uploads too large to travel inline). */
    @WithDefault(".mesh/blobs")
    Path blobDir();

    /** How long the decoder waits for OCR/Lens after the embeddings are complete. */
    @WithDefault("5s")
    Duration enrichmentDeadline();

    /** Idempotency keys remembered (per instance). */
    @WithDefault("100000")
    int idempotencyCapacity();

    interface Limits {
        /** Largest upload or download in bytes. */
        @WithDefault("104857600")
        long maxBytes();

        /** Largest decoded image in pixels (decompression-bomb guard). */
        @WithDefault("40000000")
        long maxPixels();

        /** Longest image side in pixels. */
        @WithDefault("16384")
        int maxSide();

        /** Longest video in seconds. */
        @WithDefault("3600")
        int maxVideoSeconds();
    }

    interface Url {
        /** Allowed schemes. */
        @WithDefault("http,https")
        List<String> schemes();

        /** When set, only these hosts (exact, or a leading "*." suffix match) may be fetched. */
        Optional<List<String>> allowHosts();

        /** Hosts that may resolve to private or loopback addresses (e.g. an internal media store). */
        Optional<List<String>> allowPrivateHosts();

        /** Allow every private, loopback and link-local target (off by default: SSRF guard). */
        @WithDefault("false")
        boolean allowPrivate();

        @WithDefault("5")
        int maxRedirects();

        @WithDefault("5s")
        Duration connectTimeout();

        @WithDefault("60s")
        Duration totalTimeout();
    }

    interface Video {
        /** Frames sampled uniformly from a one-shot video (108 reproduces the model card's budget). */
        @WithDefault("108")
        int frames();
    }

    /** Live streams ({@code media.kind = LIVE_STREAM}): each chunk becomes its own job. */
    interface Live {
        /**
         * Accept {@code file:} URLs of local files, played as live (tests and demos only: off by
         * default, since it lets a caller read any video file the service can read).
         */
        @WithDefault("false")
        boolean allowFiles();

        /** Chunk length; a chunk may close earlier at a scene cut. */
        @WithDefault("10s")
        Duration chunkLength();

        /** Frames sampled per chunk, uniformly over the chunk (9 fills one 3×3 canvas). */
        @WithDefault("9")
        int framesPerChunk();

        /** Close a chunk at a detected scene cut, so no chunk spans two shots. */
        @WithDefault("true")
        boolean splitAtSceneCuts();

        /** Near-duplicate threshold in dHash bits (frames this close to a kept one are skipped); -1 disables. */
        @WithDefault("4")
        int dedupMaxHamming();

        /** What a stream does when its chunk queue is full: LOWER_FPS, DROP_OLDEST or DROP_NEWEST. */
        @WithDefault("LOWER_FPS")
        BackPressure backPressure();

        /** Chunks a stream may hold waiting for publication (bounds memory per stream). */
        @WithDefault("4")
        int queueCapacity();

        /** Pacing of {@code file:} sources: 1 = real time, 10 = ten times faster, 0 = unpaced. */
        @WithDefault("1")
        double playbackSpeed();

        /** Streams ingested at once per instance; more are refused with QUEUE_FULL. */
        @WithDefault("4")
        int maxStreams();
    }
}
