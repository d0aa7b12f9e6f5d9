package dev.hcxmesh.model.tensor;

/** Element types a checkpoint may hold; names as safetensors writes them. */
public enum DType {
    F32(4),
    BF16(2),
    F16(2);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    /** Parses a safetensors dtype string; anything else is an error naming the value. */
    public static DType fromSafetensors(String s) {
        return switch (s) {
            case "F32" -> F32;
            case "BF16" -> BF16;
            case "F16" -> F16;
            default ->
                throw new IllegalArgumentException("unsupported tensor dtype " + s + " (supported: F32, BF16, F16)");
        };
    }
}
