package dev.hcxmesh.encoder.engine.triton;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import dev.hcxmesh.kserve.v2.GRPCInferenceServiceGrpc;
import dev.hcxmesh.kserve.v2.ModelInferRequest;
import dev.hcxmesh.kserve.v2.ModelInferResponse;
import dev.hcxmesh.kserve.v2.ModelMetadataRequest;
import dev.hcxmesh.kserve.v2.ModelMetadataResponse;
import dev.hcxmesh.kserve.v2.ModelReadyRequest;
import dev.hcxmesh.kserve.v2.ModelReadyResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process KServe v2 server that runs the exported ONNX model through ONNX Runtime, with
 * knobs for failure injection (UNAVAILABLE, slow answers, wrong output shapes, not ready).
 */
final class FakeTriton extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase implements AutoCloseable {
    final AtomicInteger inferCalls = new AtomicInteger();
    final AtomicInteger unavailableLeft = new AtomicInteger();
    volatile long delayMs;
    volatile boolean wrongShape;
    volatile boolean ready = true;
    volatile int metadataHidden;
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final int hidden;

    FakeTriton(Path onnx, int hidden) throws OrtException {
        this.session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
        this.hidden = hidden;
        this.metadataHidden = hidden;
    }

    @Override
    public void modelReady(ModelReadyRequest req, StreamObserver<ModelReadyResponse> obs) {
        obs.onNext(ModelReadyResponse.newBuilder().setReady(ready).build());
        obs.onCompleted();
    }

    @Override
    public void modelMetadata(ModelMetadataRequest req, StreamObserver<ModelMetadataResponse> obs) {
        obs.onNext(ModelMetadataResponse.newBuilder()
                .setName(req.getName())
                .setPlatform("onnxruntime_onnx")
                .addInputs(meta("pixel_values", -1, 3, 378, 378))
                .addOutputs(meta("image_features", -1, 81, metadataHidden))
                .addOutputs(meta("image_features_fast", -1, 9, metadataHidden))
                .build());
        obs.onCompleted();
    }

    private static ModelMetadataResponse.TensorMetadata meta(String name, long... shape) {
        var b = ModelMetadataResponse.TensorMetadata.newBuilder().setName(name).setDatatype("FP32");
        for (long s : shape) {
            b.addShape(s);
        }
        return b.build();
    }

    @Override
    public void modelInfer(ModelInferRequest req, StreamObserver<ModelInferResponse> obs) {
        inferCalls.incrementAndGet();
        if (unavailableLeft.getAndUpdate(x -> Math.max(0, x - 1)) > 0) {
            obs.onError(Status.UNAVAILABLE.withDescription("injected").asRuntimeException());
            return;
        }
        if (delayMs > 0) {
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            var in = req.getInputs(0);
            long[] shape = in.getShapeList().stream().mapToLong(Long::longValue).toArray();
            FloatBuffer pix = req.getRawInputContents(0)
                    .asReadOnlyByteBuffer()
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer();
            try (var tensor = OnnxTensor.createTensor(env, pix, shape);
                    var result = session.run(Map.of(in.getName(), tensor))) {
                var resp = ModelInferResponse.newBuilder().setModelName(req.getModelName());
                for (var wanted : req.getOutputsList()) {
                    var t = (OnnxTensor) result.get(wanted.getName()).orElseThrow();
                    long[] os = t.getInfo().getShape();
                    if (wrongShape) {
                        os = new long[] {os[0], os[1] - 1, os[2]};
                    }
                    FloatBuffer fb = t.getFloatBuffer();
                    ByteBuffer bb = ByteBuffer.allocate(4 * fb.remaining()).order(ByteOrder.LITTLE_ENDIAN);
                    bb.asFloatBuffer().put(fb);
                    resp.addOutputs(ModelInferResponse.InferOutputTensor.newBuilder()
                                    .setName(wanted.getName())
                                    .setDatatype("FP32")
                                    .addAllShape(List.of(os[0], os[1], os[2])))
                            .addRawOutputContents(ByteString.copyFrom(bb.array()));
                }
                obs.onNext(resp.build());
                obs.onCompleted();
            }
        } catch (OrtException e) {
            obs.onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    void reset() {
        inferCalls.set(0);
        unavailableLeft.set(0);
        delayMs = 0;
        wrongShape = false;
        ready = true;
        metadataHidden = hidden;
    }

    void failUnavailable(int n) {
        unavailableLeft.set(n);
    }

    void delay(long ms) {
        delayMs = ms;
    }

    void wrongShape(boolean b) {
        wrongShape = b;
    }

    void ready(boolean b) {
        ready = b;
    }

    void metadataHidden(int h) {
        metadataHidden = h;
    }

    int inferCalls() {
        return inferCalls.get();
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
