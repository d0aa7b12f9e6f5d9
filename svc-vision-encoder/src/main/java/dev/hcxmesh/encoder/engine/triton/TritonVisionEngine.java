package dev.hcxmesh.encoder.engine.triton;

import com.google.protobuf.ByteString;
import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.encoder.engine.EngineException;
import dev.hcxmesh.encoder.engine.TileInput;
import dev.hcxmesh.encoder.engine.VisionDims;
import dev.hcxmesh.encoder.engine.VisionEngine;
import dev.hcxmesh.kserve.v2.GRPCInferenceServiceGrpc;
import dev.hcxmesh.kserve.v2.ModelInferRequest;
import dev.hcxmesh.kserve.v2.ModelInferResponse;
import dev.hcxmesh.kserve.v2.ModelMetadataRequest;
import dev.hcxmesh.kserve.v2.ModelMetadataResponse;
import dev.hcxmesh.kserve.v2.ModelReadyRequest;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Runs the exported encoder ({@code export.TritonExport}) on a Triton / KServe v2 server over gRPC.
 * At construction it checks ModelReady and that ModelMetadata names {@code pixel_values FP32
 * [-1,3,S,S]}, {@code image_features FP32 [-1,81,D]} and {@code image_features_fast FP32
 * [-1,9,D]}. Each call sends FP32 little-endian {@code raw_input_contents}, with a deadline;
 * only UNAVAILABLE is retried (bounded, exponential backoff); a circuit breaker fails fast while
 * the server keeps failing. Every failure is an {@link EngineException} with an {@link ErrorCode}.
 */
public final class TritonVisionEngine implements VisionEngine {

    /**
     * Client settings.
     *
     * @param modelName Triton model name ({@code hcx_vision_encoder})
     * @param modelVersion version, empty for the server's policy
     * @param deadline per-call deadline (each attempt)
     * @param maxRetries retries after the first attempt, UNAVAILABLE only
     * @param backoff first backoff, doubled per retry
     * @param maxBatch most tiles per request (the model's {@code max_batch_size})
     * @param breakerThreshold consecutive failed calls that open the breaker
     * @param breakerOpenFor how long the breaker stays open before a trial call
     */
    public record Options(
            String modelName,
            String modelVersion,
            Duration deadline,
            int maxRetries,
            Duration backoff,
            int maxBatch,
            int breakerThreshold,
            Duration breakerOpenFor) {
        public Options {
            if (maxRetries < 0 || maxBatch < 1) {
                throw new IllegalArgumentException(
                        "maxRetries must be >= 0 and maxBatch >= 1, got " + maxRetries + ", " + maxBatch);
            }
        }

        public static Options defaults() {
            return new Options(
                    "hcx_vision_encoder",
                    "",
                    Duration.ofSeconds(30),
                    3,
                    Duration.ofMillis(100),
                    32,
                    5,
                    Duration.ofSeconds(10));
        }
    }

    static final String INPUT = "pixel_values";
    static final String OUTPUT = "image_features";
    static final String OUTPUT_FAST = "image_features_fast";

    private final GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub;
    private final VisionDims dims;
    private final Options opts;
    private final CircuitBreaker breaker;

    public TritonVisionEngine(Channel channel, VisionDims dims, Options opts) {
        this(channel, dims, opts, System::nanoTime);
    }

    TritonVisionEngine(Channel channel, VisionDims dims, Options opts, LongSupplier nanoClock) {
        this.stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
        this.dims = dims;
        this.opts = opts;
        this.breaker = new CircuitBreaker(opts.breakerThreshold(), opts.breakerOpenFor(), nanoClock);
        checkModel();
    }

    @Override
    public String name() {
        return "triton";
    }

    CircuitBreaker.State breakerState() {
        return breaker.state();
    }

    private void checkModel() {
        var ready = call(
                () -> deadlined()
                        .modelReady(ModelReadyRequest.newBuilder()
                                .setName(opts.modelName())
                                .setVersion(opts.modelVersion())
                                .build()),
                "ModelReady");
        if (!ready.getReady()) {
            throw new EngineException(ErrorCode.ENGINE_UNAVAILABLE, "model " + opts.modelName() + " is not ready");
        }
        ModelMetadataResponse meta = call(
                () -> deadlined()
                        .modelMetadata(ModelMetadataRequest.newBuilder()
                                .setName(opts.modelName())
                                .setVersion(opts.modelVersion())
                                .build()),
                "ModelMetadata");
        int s = dims.imageSize();
        int d = dims.llmHidden();
        expectTensor(meta.getInputsList(), INPUT, new long[] {-1, 3, s, s});
        expectTensor(meta.getOutputsList(), OUTPUT, new long[] {-1, 81, d});
        expectTensor(meta.getOutputsList(), OUTPUT_FAST, new long[] {-1, 9, d});
    }

    private void expectTensor(List<ModelMetadataResponse.TensorMetadata> list, String name, long[] shape) {
        for (var t : list) {
            if (t.getName().equals(name)) {
                long[] got =
                        t.getShapeList().stream().mapToLong(Long::longValue).toArray();
                if (!"FP32".equals(t.getDatatype()) || !Arrays.equals(got, shape)) {
                    throw new EngineException(
                            ErrorCode.INTERNAL,
                            "model " + opts.modelName() + " tensor " + name + ": expected FP32 "
                                    + Arrays.toString(shape) + ", found " + t.getDatatype() + " "
                                    + Arrays.toString(got));
                }
                return;
            }
        }
        throw new EngineException(
                ErrorCode.INTERNAL, "model " + opts.modelName() + " has no tensor " + name + " in its metadata");
    }

    private GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub deadlined() {
        return stub.withDeadlineAfter(opts.deadline().toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public float[] encode(List<byte[]> tiles, int[] queriesPerTile) {
        int total = TileInput.validate(tiles, queriesPerTile, dims);
        int d = dims.llmHidden();
        float[] out = new float[total * d]; // [sum(q), D]
        int row = 0;
        for (int start = 0; start < tiles.size(); start += opts.maxBatch()) {
            int end = Math.min(tiles.size(), start + opts.maxBatch());
            int[] q = Arrays.copyOfRange(queriesPerTile, start, end);
            float[] part = infer(tiles.subList(start, end), q);
            System.arraycopy(part, 0, out, row * d, part.length);
            row += part.length / d;
        }
        return out;
    }

    /** One request for up to {@code maxBatch} tiles; rows in tile order. */
    private float[] infer(List<byte[]> tiles, int[] queries) {
        int n = tiles.size();
        int s = dims.imageSize();
        int d = dims.llmHidden();
        float[] pix = TileInput.toNchw(tiles, dims); // [n, 3, S, S]
        long[] shape = {n, 3, s, s};
        if (pix.length != n * 3L * s * s) {
            throw new EngineException(
                    ErrorCode.INTERNAL,
                    "pixel_values: expected " + n * 3L * s * s + " floats for " + Arrays.toString(shape) + ", have "
                            + pix.length);
        }
        boolean wantSlow = Arrays.stream(queries).anyMatch(q -> q == 81);
        boolean wantFast = Arrays.stream(queries).anyMatch(q -> q == 9);
        if (Arrays.stream(queries).anyMatch(q -> q != 81 && q != 9)) {
            throw new EngineException(
                    ErrorCode.MEDIA_UNDECODABLE,
                    "the Triton model serves 81 or 9 queries per tile, got " + Arrays.toString(queries));
        }
        var req = ModelInferRequest.newBuilder()
                .setModelName(opts.modelName())
                .setModelVersion(opts.modelVersion())
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                        .setName(INPUT)
                        .setDatatype("FP32")
                        .addAllShape(Arrays.stream(shape).boxed().toList()))
                .addRawInputContents(littleEndian(pix));
        if (wantSlow) {
            req.addOutputs(
                    ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(OUTPUT));
        }
        if (wantFast) {
            req.addOutputs(
                    ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(OUTPUT_FAST));
        }
        ModelInferRequest request = req.build();
        ModelInferResponse resp = call(() -> deadlined().modelInfer(request), "ModelInfer");
        float[] slow = wantSlow ? output(resp, OUTPUT, n, 81, d) : null;
        float[] fast = wantFast ? output(resp, OUTPUT_FAST, n, 9, d) : null;
        int rows = Arrays.stream(queries).sum();
        float[] out = new float[rows * d];
        int row = 0;
        for (int t = 0; t < n; t++) {
            int q = queries[t];
            float[] src = q == 81 ? slow : fast;
            System.arraycopy(src, t * q * d, out, row * d, q * d);
            row += q;
        }
        return out;
    }

    /** Finds an output by name and checks datatype, shape and byte length. */
    private float[] output(ModelInferResponse resp, String name, int n, int q, int d) {
        for (int i = 0; i < resp.getOutputsCount(); i++) {
            var t = resp.getOutputs(i);
            if (!t.getName().equals(name)) {
                continue;
            }
            long[] got = t.getShapeList().stream().mapToLong(Long::longValue).toArray();
            long[] want = {n, q, d};
            if (!"FP32".equals(t.getDatatype()) || !Arrays.equals(got, want)) {
                throw new EngineException(
                        ErrorCode.INTERNAL,
                        "output " + name + ": expected FP32 " + Arrays.toString(want) + ", found " + t.getDatatype()
                                + " " + Arrays.toString(got));
            }
            if (i >= resp.getRawOutputContentsCount()) {
                throw new EngineException(ErrorCode.INTERNAL, "output " + name + " has no raw_output_contents");
            }
            ByteString raw = resp.getRawOutputContents(i);
            long bytes = 4L * n * q * d;
            if (raw.size() != bytes) {
                throw new EngineException(
                        ErrorCode.INTERNAL, "output " + name + ": expected " + bytes + " bytes, found " + raw.size());
            }
            float[] f = new float[n * q * d];
            raw.asReadOnlyByteBuffer()
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer()
                    .get(f);
            return f;
        }
        throw new EngineException(ErrorCode.INTERNAL, "response has no output " + name);
    }

    private static ByteString littleEndian(float[] f) {
        ByteBuffer b = ByteBuffer.allocate(4 * f.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(f);
        return ByteString.copyFrom(b.array());
    }

    /** A gRPC call through the breaker, retrying UNAVAILABLE with backoff. */
    private <T> T call(java.util.function.Supplier<T> rpc, String what) {
        if (!breaker.allow()) {
            throw new EngineException(
                    ErrorCode.ENGINE_UNAVAILABLE, what + " refused: circuit open after repeated Triton failures");
        }
        long backoff = opts.backoff().toMillis();
        List<String> attempts = new ArrayList<>();
        for (int attempt = 0; ; attempt++) {
            try {
                T r = rpc.get();
                breaker.onSuccess();
                return r;
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                attempts.add(code.name());
                if (code == Status.Code.UNAVAILABLE && attempt < opts.maxRetries()) {
                    sleep(backoff);
                    backoff = Math.min(backoff * 2, 10_000);
                    continue;
                }
                if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
                    breaker.onFailure();
                } else {
                    breaker.onSuccess(); // the server answered; the request itself was refused
                }
                throw switch (code) {
                    case UNAVAILABLE ->
                        new EngineException(
                                ErrorCode.ENGINE_UNAVAILABLE,
                                what + " unavailable after " + attempts.size() + " attempts " + attempts + ": "
                                        + e.getStatus().getDescription(),
                                e);
                    case DEADLINE_EXCEEDED ->
                        new EngineException(
                                ErrorCode.DEADLINE_EXCEEDED,
                                what + " exceeded its deadline of "
                                        + opts.deadline().toMillis() + " ms",
                                e);
                    default ->
                        new EngineException(
                                ErrorCode.INTERNAL,
                                what + " failed: " + code + " " + e.getStatus().getDescription(),
                                e);
                };
            } catch (RuntimeException e) {
                breaker.onFailure();
                throw e;
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(ErrorCode.ENGINE_UNAVAILABLE, "interrupted during retry backoff", e);
        }
    }
}
