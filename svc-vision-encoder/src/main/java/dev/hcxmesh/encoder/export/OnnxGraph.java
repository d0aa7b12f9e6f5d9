package dev.hcxmesh.encoder.export;

import com.google.protobuf.ByteString;
import dev.hcxmesh.encoder.export.onnx.AttributeProto;
import dev.hcxmesh.encoder.export.onnx.GraphProto;
import dev.hcxmesh.encoder.export.onnx.ModelProto;
import dev.hcxmesh.encoder.export.onnx.NodeProto;
import dev.hcxmesh.encoder.export.onnx.OperatorSetIdProto;
import dev.hcxmesh.encoder.export.onnx.StringStringEntryProto;
import dev.hcxmesh.encoder.export.onnx.TensorProto;
import dev.hcxmesh.encoder.export.onnx.TensorShapeProto;
import dev.hcxmesh.encoder.export.onnx.TypeProto;
import dev.hcxmesh.encoder.export.onnx.ValueInfoProto;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small builder for an ONNX graph of standard ops: unique value names, float and int64
 * initializers, and a writer that puts large initializers in an external data file when the model
 * would pass protobuf's 2 GB limit.
 */
final class OnnxGraph {
    /** ONNX IR version written (ONNX 1.12+). */
    static final long IR_VERSION = 8;
    /** Default-domain opset (LayerNormalization needs 17). */
    static final long OPSET = 17;

    private final List<NodeProto> nodes = new ArrayList<>();
    private final List<Init> inits = new ArrayList<>();
    private final List<ValueInfoProto> inputs = new ArrayList<>();
    private final List<ValueInfoProto> outputs = new ArrayList<>();
    private int counter;

    private record Init(String name, long[] dims, float[] f, long[] i) {
        long bytes() {
            return f != null ? 4L * f.length : 8L * i.length;
        }
    }

    /** A fresh value name with a readable prefix. */
    String fresh(String prefix) {
        return prefix + "_" + (counter++);
    }

    /** Adds a float initializer and returns its name. */
    String floats(String name, float[] values, long... dims) {
        inits.add(new Init(name, dims.clone(), values, null));
        return name;
    }

    /** A float scalar (rank 0) constant. */
    String scalar(float v) {
        return floats(fresh("const"), new float[] {v});
    }

    /** An int64 vector constant (shapes, axes). */
    String int64s(long... values) {
        inits.add(new Init(fresh("shape"), new long[] {values.length}, null, values.clone()));
        return inits.getLast().name();
    }

    /** Adds a node with one output and returns the output name. */
    String op(String type, List<String> in, AttributeProto... attrs) {
        String out = fresh(type.toLowerCase());
        nodes.add(NodeProto.newBuilder()
                .setOpType(type)
                .setName(out)
                .addAllInput(in)
                .addOutput(out)
                .addAllAttribute(List.of(attrs))
                .build());
        return out;
    }

    String op(String type, String... in) {
        return op(type, List.of(in));
    }

    /** Renames a value by an Identity node (to give graph outputs fixed names). */
    void identity(String in, String out) {
        nodes.add(NodeProto.newBuilder()
                .setOpType("Identity")
                .setName(out)
                .addInput(in)
                .addOutput(out)
                .build());
    }

    static AttributeProto ints(String name, long... v) {
        var b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) {
            b.addInts(x);
        }
        return b.build();
    }

    static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(v)
                .build();
    }

    static AttributeProto floatAttr(String name, float v) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.FLOAT)
                .setF(v)
                .build();
    }

    /** Declares a FLOAT graph input; a negative dim is symbolic ({@code N}). */
    void input(String name, long... dims) {
        inputs.add(valueInfo(name, dims));
    }

    void output(String name, long... dims) {
        outputs.add(valueInfo(name, dims));
    }

    private static ValueInfoProto valueInfo(String name, long... dims) {
        var shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            var dim = TensorShapeProto.Dimension.newBuilder();
            if (d < 0) {
                dim.setDimParam("N");
            } else {
                dim.setDimValue(d);
            }
            shape.addDim(dim);
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder()
                                .setElemType(TensorProto.DataType.FLOAT_VALUE)
                                .setShape(shape)))
                .build();
    }

    long initializerBytes() {
        long n = 0;
        for (Init i : inits) {
            n += i.bytes();
        }
        return n;
    }

    /**
     * Writes {@code model} (and, when {@code external}, {@code model.data} beside it with every
     * initializer over 1 KiB, ONNX external-data layout).
     */
    void write(Path model, String graphName, String doc, boolean external) throws IOException {
        var graph = GraphProto.newBuilder()
                .setName(graphName)
                .addAllNode(nodes)
                .addAllInput(inputs)
                .addAllOutput(outputs);
        String dataName = model.getFileName() + ".data";
        OutputStream data = external
                ? new BufferedOutputStream(Files.newOutputStream(model.resolveSibling(dataName)), 1 << 20)
                : null;
        long offset = 0;
        try {
            for (Init init : inits) {
                var t = TensorProto.newBuilder().setName(init.name());
                for (long d : init.dims()) {
                    t.addDims(d);
                }
                t.setDataType(init.f() != null ? TensorProto.DataType.FLOAT_VALUE : TensorProto.DataType.INT64_VALUE);
                byte[] raw = toBytes(init);
                if (external && raw.length > 1024) {
                    data.write(raw);
                    t.setDataLocation(TensorProto.DataLocation.EXTERNAL)
                            .addExternalData(kv("location", dataName))
                            .addExternalData(kv("offset", Long.toString(offset)))
                            .addExternalData(kv("length", Integer.toString(raw.length)));
                    offset += raw.length;
                } else {
                    t.setRawData(ByteString.copyFrom(raw));
                }
                graph.addInitializer(t);
            }
        } finally {
            if (data != null) {
                data.close();
            }
        }
        var m = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("hcx-mesh")
                .setProducerVersion("0.1")
                .setDocString(doc)
                .setGraph(graph)
                .build();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(model), 1 << 20)) {
            m.writeTo(out);
        }
    }

    private static StringStringEntryProto kv(String k, String v) {
        return StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
    }

    private static byte[] toBytes(Init init) {
        ByteBuffer b = ByteBuffer.allocate((int) init.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        if (init.f() != null) {
            b.asFloatBuffer().put(init.f());
        } else {
            b.asLongBuffer().put(init.i());
        }
        return b.array();
    }
}
