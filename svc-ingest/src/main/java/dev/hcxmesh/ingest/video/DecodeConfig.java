package dev.hcxmesh.ingest.video;

import java.time.Duration;

/**
 * Decoder settings and media limits.
 *
 * @param threads FFmpeg decode threads (0 = FFmpeg's choice)
 * @param maxWidth largest frame width accepted
 * @param maxHeight largest frame height accepted
 * @param maxPixels largest width·height accepted
 * @param maxDurationMs longest stream accepted (0 = unlimited, e.g. live); checked at open when the
 *     container knows its duration and again while decoding
 * @param outputMaxSide sampled frames are downscaled (aspect kept) so the longer side is at most
 *     this; 0 keeps the native size
 * @param ioTimeout network read/open timeout for URL sources
 * @param maxBadGrabs consecutive grab errors tolerated before the input is declared undecodable
 */
public record DecodeConfig(
        int threads,
        int maxWidth,
        int maxHeight,
        long maxPixels,
        long maxDurationMs,
        int outputMaxSide,
        Duration ioTimeout,
        int maxBadGrabs) {
    public DecodeConfig {
        if (threads < 0 || maxWidth < 1 || maxHeight < 1 || maxPixels < 1 || maxDurationMs < 0 || outputMaxSide < 0) {
            throw new IllegalArgumentException("invalid decode config: threads " + threads + ", max " + maxWidth + "x"
                    + maxHeight + ", pixels " + maxPixels + ", duration " + maxDurationMs + ", out " + outputMaxSide);
        }
        if (ioTimeout == null || ioTimeout.isNegative() || ioTimeout.isZero() || maxBadGrabs < 1) {
            throw new IllegalArgumentException("ioTimeout must be > 0 and maxBadGrabs >= 1");
        }
    }

    /** 2 threads, up to 4096×4096 and 8.9 MP (4K UHD), 4 h, native size, 10 s I/O timeout. */
    public static DecodeConfig defaults() {
        return new DecodeConfig(2, 4096, 4096, 3840L * 2160, 4L * 3600_000, 0, Duration.ofSeconds(10), 16);
    }

    public DecodeConfig withThreads(int n) {
        return new DecodeConfig(
                n, maxWidth, maxHeight, maxPixels, maxDurationMs, outputMaxSide, ioTimeout, maxBadGrabs);
    }

    public DecodeConfig withMaxDurationMs(long ms) {
        return new DecodeConfig(threads, maxWidth, maxHeight, maxPixels, ms, outputMaxSide, ioTimeout, maxBadGrabs);
    }

    public DecodeConfig withMaxPixels(long px) {
        return new DecodeConfig(threads, maxWidth, maxHeight, px, maxDurationMs, outputMaxSide, ioTimeout, maxBadGrabs);
    }

    public DecodeConfig withOutputMaxSide(int side) {
        return new DecodeConfig(threads, maxWidth, maxHeight, maxPixels, maxDurationMs, side, ioTimeout, maxBadGrabs);
    }
}
