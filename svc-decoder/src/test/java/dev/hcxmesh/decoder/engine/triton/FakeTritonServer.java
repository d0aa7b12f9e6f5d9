package dev.hcxmesh.decoder.engine.triton;

import com.google.protobuf.ByteString;
import dev.hcxmesh.kserve.v2.GRPCInferenceServiceGrpc;
import dev.hcxmesh.kserve.v2.InferParameter;
import dev.hcxmesh.kserve.v2.ModelInferRequest;
import dev.hcxmesh.kserve.v2.ModelInferResponse;
import dev.hcxmesh.kserve.v2.ModelStreamInferResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A decoupled TensorRT-LLM-style model behind {@code ModelStreamInfer}: for each request it streams
 * {@code request_output_len} tokens, token i = (last prompt id + 1 + i) mod 200, one response each,
 * then a final empty response flagged {@code triton_final_response}. Records requests and
 * cancellations.
 */
final class FakeTritonServer extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
    final List<ModelInferRequest> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger cancelled = new AtomicInteger();
    volatile long stepDelayMillis;
    volatile String failWith;

    @Override
    public StreamObserver<ModelInferRequest> modelStreamInfer(StreamObserver<ModelStreamInferResponse> out) {
        ServerCallStreamObserver<ModelStreamInferResponse> call =
                (ServerCallStreamObserver<ModelStreamInferResponse>) out;
        AtomicBoolean gone = new AtomicBoolean();
        call.setOnCancelHandler(() -> {
            gone.set(true);
            cancelled.incrementAndGet();
        });
        return new StreamObserver<>() {
            @Override
            public void onNext(ModelInferRequest req) {
                requests.add(req);
                Thread.ofVirtual().start(() -> run(req, call, gone));
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
        };
    }

    private void run(
            ModelInferRequest req, ServerCallStreamObserver<ModelStreamInferResponse> call, AtomicBoolean gone) {
        if (failWith != null) {
            send(
                    call,
                    ModelStreamInferResponse.newBuilder()
                            .setErrorMessage(failWith)
                            .build());
            return;
        }
        int[] ids = ints(req, "input_ids");
        int len = ints(req, "request_output_len")[0];
        for (int i = 0; i < len && !gone.get(); i++) {
            sleep();
            int token = (ids[ids.length - 1] + 1 + i) % 200;
            ByteBuffer raw =
                    ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(token);
            ModelInferResponse r = ModelInferResponse.newBuilder()
                    .setModelName(req.getModelName())
                    .setId(req.getId())
                    .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder()
                            .setName("output_ids")
                            .setDatatype("INT32")
                            .addShape(1)
                            .addShape(1)
                            .addShape(1))
                    .addRawOutputContents(ByteString.copyFrom(raw.array()))
                    .build();
            send(call, ModelStreamInferResponse.newBuilder().setInferResponse(r).build());
        }
        if (!gone.get()) {
            send(
                    call,
                    ModelStreamInferResponse.newBuilder()
                            .setInferResponse(ModelInferResponse.newBuilder()
                                    .setId(req.getId())
                                    .putParameters(
                                            "triton_final_response",
                                            InferParameter.newBuilder()
                                                    .setBoolParam(true)
                                                    .build()))
                            .build());
        }
    }

    private void sleep() {
        if (stepDelayMillis > 0) {
            try {
                Thread.sleep(stepDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static synchronized void send(StreamObserver<ModelStreamInferResponse> call, ModelStreamInferResponse r) {
        try {
            call.onNext(r);
        } catch (RuntimeException e) {
            // cancelled meanwhile
        }
    }

    /** The INT32 raw input of {@code name}. */
    static int[] ints(ModelInferRequest req, String name) {
        for (int i = 0; i < req.getInputsCount(); i++) {
            if (req.getInputs(i).getName().equals(name)) {
                ByteBuffer b = req.getRawInputContents(i).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                int[] v = new int[b.remaining() / 4];
                b.asIntBuffer().get(v);
                return v;
            }
        }
        throw new AssertionError("no input " + name);
    }

    static ModelInferRequest.InferInputTensor input(ModelInferRequest req, String name) {
        return req.getInputsList().stream()
                .filter(t -> t.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no input " + name));
    }

    static ByteBuffer raw(ModelInferRequest req, String name) {
        for (int i = 0; i < req.getInputsCount(); i++) {
            if (req.getInputs(i).getName().equals(name)) {
                return req.getRawInputContents(i).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            }
        }
        throw new AssertionError("no input " + name);
    }
}
