package dev.hcxmesh.ocrlens.lens;

import com.google.protobuf.ByteString;
import dev.hcxmesh.lens.v1.Box;
import dev.hcxmesh.lens.v1.Keyword;
import dev.hcxmesh.lens.v1.SearchRequest;
import dev.hcxmesh.lens.v1.SearchResponse;
import dev.hcxmesh.lens.v1.VisualSearchGrpc;
import dev.hcxmesh.ocrlens.ocr.OcrImage;
import dev.hcxmesh.ocrlens.ocr.OcrWord;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Client of the external {@code hcx.lens.v1.VisualSearch} service (proto/src/main/proto/hcx/lens/v1/lens.proto).
 * Sends the image as PNG with a per-call deadline; maps returned keywords to {@link LensKeyword}s (kind
 * defaults to {@code "visual"}). Boxes outside [0, 1] are clamped, reversed corners swapped, blank names
 * dropped, scores clamped to [0, 1]. Any gRPC failure, including {@code DEADLINE_EXCEEDED}, becomes a {@link
 * LensException} naming the status code. The caller owns the {@link Channel}.
 */
public final class RemoteVisualSearchProvider implements LensProvider {

    private final VisualSearchGrpc.VisualSearchBlockingStub stub;
    private final Duration deadline;
    private final int maxResults;
    private final String language;

    /**
     * @param channel channel to the visual-search server
     * @param deadline per-call deadline (positive)
     * @param maxResults upper bound passed to the server, 0 for its default
     * @param language BCP-47 language for names, empty for the server default
     */
    public RemoteVisualSearchProvider(Channel channel, Duration deadline, int maxResults, String language) {
        Objects.requireNonNull(channel, "channel");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive, found " + deadline);
        }
        if (maxResults < 0) {
            throw new IllegalArgumentException("maxResults must be >= 0, found " + maxResults);
        }
        this.stub = VisualSearchGrpc.newBlockingStub(channel);
        this.deadline = deadline;
        this.maxResults = maxResults;
        this.language = Objects.requireNonNull(language, "language");
    }

    @Override
    public String name() {
        return "visual-search";
    }

    @Override
    public List<LensKeyword> detect(OcrImage image, List<OcrWord> words) {
        return search(image, List.of(), "");
    }

    /** Searches with optional normalised regions of interest and a correlation id. */
    public List<LensKeyword> search(OcrImage image, List<float[]> regions, String requestId) {
        SearchRequest.Builder req = SearchRequest.newBuilder()
                .setImage(ByteString.copyFrom(png(image)))
                .setMimeType("image/png")
                .setMaxResults(maxResults)
                .setLanguage(language)
                .setRequestId(requestId);
        for (float[] r : regions) {
            req.addRegions(Box.newBuilder().setX1(r[0]).setY1(r[1]).setX2(r[2]).setY2(r[3]));
        }
        SearchResponse resp;
        try {
            resp = stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS)
                    .search(req.build());
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            throw new LensException(
                    name(),
                    "VisualSearch.Search failed with " + code
                            + (code == Status.Code.DEADLINE_EXCEEDED
                                    ? " (deadline " + deadline.toMillis() + " ms)"
                                    : ""),
                    e);
        }
        List<LensKeyword> out = new ArrayList<>(resp.getKeywordsCount());
        for (Keyword k : resp.getKeywordsList()) {
            if (k.getText().isBlank()) {
                continue;
            }
            float score = Float.isNaN(k.getScore()) ? 0f : Math.clamp(k.getScore(), 0f, 1f);
            String kind = k.getKind().isBlank() ? "visual" : k.getKind();
            out.add(new LensKeyword(k.getText(), k.hasBox() ? sanitise(k.getBox()) : null, kind, score));
        }
        return out;
    }

    private static float[] sanitise(Box b) {
        float x1 = clamp01(b.getX1());
        float y1 = clamp01(b.getY1());
        float x2 = clamp01(b.getX2());
        float y2 = clamp01(b.getY2());
        return new float[] {Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)};
    }

    private static float clamp01(float v) {
        return Float.isNaN(v) ? 0f : Math.clamp(v, 0f, 1f);
    }

    static byte[] png(OcrImage image) {
        try (var bytes = new ByteArrayOutputStream(image.width() * image.height())) {
            ImageIO.write(image.toBufferedImage(), "png", bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
