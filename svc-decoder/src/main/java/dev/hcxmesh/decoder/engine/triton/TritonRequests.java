package dev.hcxmesh.decoder.engine.triton;

import com.google.protobuf.ByteString;
import dev.hcxmesh.decoder.engine.SequenceRequest;
import dev.hcxmesh.decoder.sampling.SamplingParams;
import dev.hcxmesh.kserve.v2.ModelInferRequest;
import dev.hcxmesh.kserve.v2.ModelInferResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the KServe v2 request of a TensorRT-LLM decoupled model and reads its streamed output
 * ids. Visual rows follow the TRT-LLM p-tuning convention: the prompt positions of the {@code P}
 * spliced rows get ids {@code vocabSize + k}, which index row {@code k} of {@code
 * prompt_embedding_table [1, P, D]}, and {@code prompt_vocab_size = P}. Raw tensors are
 * little-endian, row-major.
 */
public final class TritonRequests {
    private TritonRequests() {}

    /**
     * @param vocabSize first p-tuning id
     * @param hidden D, the width of every visual row
     * @param outputLen request_output_len
     */
    public static ModelInferRequest build(
            String model,
            SequenceRequest req,
            SamplingParams sampling,
            int[] stopIds,
            int vocabSize,
            int hidden,
            int outputLen,
            TritonLanguageEngine.EmbeddingDtype dtype) {
        int[] ids = req.promptIds(); // [L]
        int rows = 0;
        for (SequenceRequest.EmbeddingSplice s : req.splices()) {
            if (s.rows().length != s.count() * hidden) {
                throw new IllegalArgumentException("splice at " + s.start() + " has " + s.rows().length
                        + " floats, expected [" + s.count() + ", " + hidden + "]");
            }
            for (int j = 0; j < s.count(); j++) {
                ids[s.start() + j] = vocabSize + rows + j;
            }
            rows += s.count();
        }
        ModelInferRequest.Builder b =
                ModelInferRequest.newBuilder().setModelName(model).setId(req.id());
        addInt32(b, "input_ids", new long[] {1, ids.length}, ids);
        addInt32(b, "input_lengths", new long[] {1, 1}, ids.length);
        addInt32(b, "request_output_len", new long[] {1, 1}, outputLen);
        add(b, "streaming", "BOOL", new long[] {1, 1}, ByteString.copyFrom(new byte[] {1}));
        if (stopIds.length > 0) {
            addInt32(b, "end_id", new long[] {1, 1}, stopIds[0]);
        }
        if (sampling.isGreedy()) {
            addInt32(b, "runtime_top_k", new long[] {1, 1}, 1);
        } else {
            addFp32(b, "temperature", sampling.temperature());
            addFp32(b, "runtime_top_p", sampling.topP());
            if (sampling.topK() > 0) {
                addInt32(b, "runtime_top_k", new long[] {1, 1}, sampling.topK());
            }
        }
        if (sampling.repetitionPenalty() != 1f) {
            addFp32(b, "repetition_penalty", sampling.repetitionPenalty());
        }
        if (sampling.seed() != null) {
            ByteBuffer seed =
                    ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(sampling.seed());
            add(b, "random_seed", "UINT64", new long[] {1, 1}, ByteString.copyFrom(seed.array()));
        }
        if (rows > 0) {
            add(
                    b,
                    "prompt_embedding_table",
                    dtype.name(),
                    new long[] {1, rows, hidden},
                    table(req.splices(), rows, hidden, dtype));
            addInt32(b, "prompt_vocab_size", new long[] {1, 1}, rows);
        }
        b.addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("output_ids"));
        return b.build();
    }

    /** [1, P, D] rows of all splices in prompt order, as FP32 or BF16 (round to nearest even). */
    static ByteString table(
            List<SequenceRequest.EmbeddingSplice> splices,
            int rows,
            int hidden,
            TritonLanguageEngine.EmbeddingDtype dtype) {
        int width = dtype == TritonLanguageEngine.EmbeddingDtype.FP32 ? 4 : 2;
        ByteBuffer buf = ByteBuffer.allocate(rows * hidden * width).order(ByteOrder.LITTLE_ENDIAN);
        for (SequenceRequest.EmbeddingSplice s : splices) {
            for (float f : s.rows()) {
                if (width == 4) {
                    buf.putFloat(f);
                } else {
                    buf.putShort(toBf16(f));
                }
            }
        }
        return ByteString.copyFrom(buf.array());
    }

    static short toBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) 0x7FC0;
        }
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    /** The output ids carried by one streamed response (INT32, raw or typed contents). */
    public static int[] outputIds(ModelInferResponse r) {
        for (int i = 0; i < r.getOutputsCount(); i++) {
            ModelInferResponse.InferOutputTensor t = r.getOutputs(i);
            if (!t.getName().equals("output_ids")) {
                continue;
            }
            if (i < r.getRawOutputContentsCount()) {
                ByteBuffer raw =
                        r.getRawOutputContents(i).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                if (t.getDatatype().equals("INT64")) {
                    long[] v = new long[raw.remaining() / 8];
                    raw.asLongBuffer().get(v);
                    return java.util.Arrays.stream(v).mapToInt(Math::toIntExact).toArray();
                }
                int[] v = new int[raw.remaining() / 4];
                raw.asIntBuffer().get(v);
                return v;
            }
            return t.getContents().getIntContentsList().stream()
                    .mapToInt(Integer::intValue)
                    .toArray();
        }
        return new int[0];
    }

    private static void addInt32(ModelInferRequest.Builder b, String name, long[] shape, int... values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            buf.putInt(v);
        }
        add(b, name, "INT32", shape, ByteString.copyFrom(buf.array()));
    }

    private static void addFp32(ModelInferRequest.Builder b, String name, float value) {
        ByteBuffer buf = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value);
        add(b, name, "FP32", new long[] {1, 1}, ByteString.copyFrom(buf.array()));
    }

    private static void add(ModelInferRequest.Builder b, String name, String dtype, long[] shape, ByteString raw) {
        List<Long> dims = new ArrayList<>();
        for (long d : shape) {
            dims.add(d);
        }
        b.addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                .setName(name)
                .setDatatype(dtype)
                .addAllShape(dims));
        b.addRawInputContents(raw);
    }
}
