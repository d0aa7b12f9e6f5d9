package dev.hcxmesh.model.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hcxmesh.model.checkpoint.CheckpointException.Kind;
import dev.hcxmesh.model.tensor.DType;
import dev.hcxmesh.model.tensor.Tensor;
import dev.hcxmesh.model.tensor.Weights;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Memory-mapped safetensors weights: one {@code model.safetensors}, or {@code
 * model.safetensors.index.json} plus its shards. Files are mapped whole with FFM (long offsets, so
 * files over 2 GB work) into one shared arena that {@link #close()} releases.
 *
 * <p>File layout: {@code u64 LE n | n bytes of JSON header | data}. Each header entry is {@code name →
 * {dtype, shape, data_offsets: [begin, end]}} with offsets relative to the data start. Every entry is
 * checked at open: offsets ordered, byte length = numel × element size, and the range inside the file
 * (a short file is {@link Kind#TRUNCATED} naming the tensor and both byte ranges). An unsupported dtype
 * is recorded and reported only when that tensor is used ({@link Kind#DTYPE_UNSUPPORTED}).
 */
public final class Safetensors implements Weights {
    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";

    private static final long MAX_HEADER_BYTES = 100L << 20;
    private static final Map<String, Integer> ELEMENT_BYTES = Map.ofEntries(
            Map.entry("BOOL", 1),
            Map.entry("U8", 1),
            Map.entry("I8", 1),
            Map.entry("F8_E4M3", 1),
            Map.entry("F8_E5M2", 1),
            Map.entry("I16", 2),
            Map.entry("U16", 2),
            Map.entry("F16", 2),
            Map.entry("BF16", 2),
            Map.entry("I32", 4),
            Map.entry("U32", 4),
            Map.entry("F32", 4),
            Map.entry("I64", 8),
            Map.entry("U64", 8),
            Map.entry("F64", 8));

    /**
     * One header entry, as the file states it.
     *
     * @param dtype the raw safetensors dtype string (may be unsupported)
     * @param dataStart absolute byte offset of the tensor in its file
     * @param byteLength bytes of the tensor
     */
    public record Entry(String name, String dtype, long[] shape, Path file, long dataStart, long byteLength) {
        public Entry {
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        @Override
        public String toString() {
            return name + " " + dtype + Arrays.toString(shape) + " @" + file.getFileName() + "[" + dataStart + ", "
                    + (dataStart + byteLength) + ")";
        }
    }

    private final Arena arena;
    private final Map<String, Entry> entries;
    private final Map<Path, MemorySegment> mappings;
    private final List<byte[]> headers;

    private Safetensors(
            Arena arena, Map<String, Entry> entries, Map<Path, MemorySegment> mappings, List<byte[]> headers) {
        this.arena = arena;
        this.entries = Collections.unmodifiableMap(entries);
        this.mappings = mappings;
        this.headers = headers;
    }

    /** Opens {@code dir}'s index and shards if the index exists, else {@code dir/model.safetensors}. */
    public static Safetensors open(Path dir) {
        Path index = dir.resolve(INDEX_FILE);
        if (Files.exists(index)) {
            return openIndex(index);
        }
        Path single = dir.resolve(SINGLE_FILE);
        if (!Files.exists(single)) {
            throw new CheckpointException(
                    Kind.MISSING_FILE, "no " + SINGLE_FILE + " and no " + INDEX_FILE + " in " + dir);
        }
        return openFiles(List.of(single), null);
    }

    /** Opens one safetensors file. */
    public static Safetensors openFile(Path file) {
        if (!Files.exists(file)) {
            throw new CheckpointException(Kind.MISSING_FILE, "missing " + file);
        }
        return openFiles(List.of(file), null);
    }

    /** Opens a sharded checkpoint from its {@code model.safetensors.index.json}. */
    public static Safetensors openIndex(Path indexJson) {
        JsonNode index = JsonFields.readTree(indexJson);
        JsonNode map = index.path("weight_map");
        if (!map.isObject() || map.isEmpty()) {
            throw new CheckpointException(Kind.BAD_CONFIG, indexJson + ": \"weight_map\" must be a non-empty object");
        }
        Map<String, Path> weightMap = new LinkedHashMap<>();
        Set<Path> files = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isTextual()) {
                throw new CheckpointException(
                        Kind.BAD_CONFIG, indexJson + ": weight_map[" + e.getKey() + "] must be a file name");
            }
            Path shard = indexJson.resolveSibling(e.getValue().textValue());
            if (!Files.exists(shard)) {
                throw new CheckpointException(
                        Kind.MISSING_FILE, "shard " + shard + " (listed for tensor " + e.getKey() + ") is missing");
            }
            weightMap.put(e.getKey(), shard);
            files.add(shard);
        }
        return openFiles(List.copyOf(files), weightMap);
    }

    private static Safetensors openFiles(List<Path> files, Map<String, Path> weightMap) {
        Arena arena = Arena.ofShared();
        try {
            Map<String, Entry> entries = new LinkedHashMap<>();
            Map<Path, MemorySegment> mappings = new LinkedHashMap<>();
            List<byte[]> headers = new ArrayList<>();
            for (Path file : files) {
                MemorySegment seg = map(file, arena);
                mappings.put(file, seg);
                byte[] header = headerBytes(file, seg);
                headers.add(header);
                for (Entry e : parseHeader(file, seg.byteSize(), header)) {
                    Entry dup = entries.put(e.name(), e);
                    if (dup != null) {
                        throw new CheckpointException(
                                Kind.BAD_HEADER, "tensor " + e.name() + " is in both " + dup.file() + " and " + file);
                    }
                }
            }
            if (weightMap != null) {
                for (var w : weightMap.entrySet()) {
                    Entry e = entries.get(w.getKey());
                    if (e == null || !e.file().equals(w.getValue())) {
                        throw new CheckpointException(
                                Kind.MISSING_TENSOR,
                                "the index puts tensor " + w.getKey() + " in "
                                        + w.getValue().getFileName() + " but that file's header does not list it");
                    }
                }
            }
            return new Safetensors(arena, entries, mappings, headers);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static MemorySegment map(Path file, Arena arena) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
        } catch (IOException e) {
            throw new CheckpointException(Kind.IO, "cannot map " + file + ": " + e, e);
        }
    }

    private static byte[] headerBytes(Path file, MemorySegment seg) {
        long size = seg.byteSize();
        if (size < 8) {
            throw new CheckpointException(
                    Kind.TRUNCATED, file + " has " + size + " bytes, fewer than the 8-byte header length");
        }
        long n = seg.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        if (n <= 0 || n > MAX_HEADER_BYTES) {
            throw new CheckpointException(
                    Kind.BAD_HEADER, file + ": header length " + n + " is outside (0, " + MAX_HEADER_BYTES + "]");
        }
        if (8 + n > size) {
            throw new CheckpointException(
                    Kind.TRUNCATED,
                    file + ": header needs bytes [8, " + (8 + n) + ") but the file has " + size + " bytes");
        }
        return seg.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE);
    }

    private static List<Entry> parseHeader(Path file, long fileSize, byte[] header) {
        JsonNode root;
        try {
            root = JsonFields.MAPPER.readTree(new String(header, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new CheckpointException(Kind.BAD_HEADER, file + ": header is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointException(Kind.BAD_HEADER, file + ": header must be a JSON object");
        }
        long dataStart = 8L + header.length;
        var out = new ArrayList<Entry>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            var f = it.next();
            String name = f.getKey();
            if (name.equals("__metadata__")) {
                continue;
            }
            JsonNode t = f.getValue();
            JsonNode dtype = t.path("dtype");
            JsonNode shapeNode = t.path("shape");
            JsonNode offs = t.path("data_offsets");
            if (!dtype.isTextual() || !shapeNode.isArray() || !offs.isArray() || offs.size() != 2) {
                throw new CheckpointException(
                        Kind.BAD_HEADER, file + ": entry " + name + " needs dtype, shape and data_offsets, found " + t);
            }
            long[] shape = new long[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                JsonNode d = shapeNode.get(i);
                if (!d.isIntegralNumber() || d.longValue() < 0) {
                    throw new CheckpointException(
                            Kind.BAD_HEADER, file + ": tensor " + name + " has shape " + shapeNode);
                }
                shape[i] = d.longValue();
            }
            long begin = offs.get(0).asLong(-1);
            long end = offs.get(1).asLong(-1);
            if (!offs.get(0).isIntegralNumber() || !offs.get(1).isIntegralNumber() || begin < 0 || end < begin) {
                throw new CheckpointException(Kind.BAD_HEADER, file + ": tensor " + name + " has data_offsets " + offs);
            }
            Integer elem = ELEMENT_BYTES.get(dtype.textValue());
            if (elem != null) {
                long want;
                try {
                    want = Math.multiplyExact(Tensor.numel(shape), (long) elem);
                } catch (ArithmeticException e) {
                    throw new CheckpointException(Kind.BAD_HEADER, file + ": tensor " + name + " shape overflows");
                }
                if (want != end - begin) {
                    throw new CheckpointException(
                            Kind.BAD_HEADER,
                            file + ": tensor " + name + " " + dtype.textValue() + Arrays.toString(shape) + " needs "
                                    + want + " bytes but data_offsets " + offs + " span " + (end - begin));
                }
            }
            if (dataStart + end > fileSize) {
                throw new CheckpointException(
                        Kind.TRUNCATED,
                        file + ": tensor " + name + " needs bytes [" + (dataStart + begin) + ", " + (dataStart + end)
                                + ") but the file has " + fileSize + " bytes (" + (dataStart + end - fileSize)
                                + " missing)");
            }
            out.add(new Entry(name, dtype.textValue(), shape, file, dataStart + begin, end - begin));
        }
        return out;
    }

    /** Every header entry by name, in file order. */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** The raw JSON headers, one per file in open order (for a checkpoint revision hash). */
    public List<byte[]> headerBytes() {
        return headers.stream().map(byte[]::clone).toList();
    }

    /** The entry, or null. */
    public Entry entry(String name) {
        return entries.get(name);
    }

    @Override
    public Tensor get(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("missing tensor " + name + " (not in "
                    + mappings.keySet().stream()
                            .map(p -> p.getFileName().toString())
                            .toList() + ")");
        }
        DType dtype;
        try {
            dtype = DType.fromSafetensors(e.dtype());
        } catch (IllegalArgumentException ex) {
            throw new CheckpointException(
                    Kind.DTYPE_UNSUPPORTED,
                    "tensor " + name + " has dtype " + e.dtype() + "; supported: F32, BF16, F16");
        }
        return new Tensor(name, dtype, e.shape(), mappings.get(e.file()).asSlice(e.dataStart(), e.byteLength()));
    }

    @Override
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    @Override
    public Set<String> names() {
        return entries.keySet();
    }

    /** The mapped files. */
    public Set<Path> files() {
        return mappings.keySet();
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
