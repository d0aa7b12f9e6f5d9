package dev.hcxmesh.model.checkpoint;

import dev.hcxmesh.model.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Helpers that damage or hand-craft checkpoint files. */
final class TestFiles {
    private TestFiles() {}

    /** Reads every tensor of a single-file checkpoint to the heap, transforms the list, rewrites the file. */
    static void rewrite(Path dir, UnaryOperator<List<Tensor>> edit) {
        Path file = dir.resolve(Safetensors.SINGLE_FILE);
        List<Tensor> copies = new ArrayList<>();
        try (Safetensors st = Safetensors.openFile(file)) {
            for (String name : st.names()) {
                Tensor t = st.get(name);
                MemorySegment heap = MemorySegment.ofArray(t.data().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
                copies.add(new Tensor(name, t.dtype(), t.shape(), heap));
            }
        }
        SafetensorsWriter.write(file, edit.apply(copies), java.util.Map.of());
    }

    /** Writes a safetensors file from a raw header string and a data blob. */
    static void raw(Path file, String headerJson, byte[] data) {
        byte[] h = headerJson.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        try {
            Files.write(file, b.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void truncateBy(Path file, long bytes) {
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void replaceInFile(Path file, String from, String to) {
        try {
            String s = Files.readString(file);
            if (!s.contains(from)) {
                throw new IllegalArgumentException(file + " does not contain " + from);
            }
            Files.writeString(file, s.replace(from, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
