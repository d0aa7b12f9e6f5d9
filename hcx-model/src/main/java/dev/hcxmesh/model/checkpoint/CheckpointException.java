package dev.hcxmesh.model.checkpoint;

/**
 * Anything wrong with a model directory, typed by {@link Kind} so callers (and tests) can react
 * without parsing messages. Messages name the file or tensor, the expected and the found value.
 */
public final class CheckpointException extends RuntimeException {

    /** What went wrong. */
    public enum Kind {
        /** A required file (config.json, a shard, tokenizer.json...) is absent. */
        MISSING_FILE,
        /** A JSON file does not parse. */
        BAD_JSON,
        /** A JSON file parses but a key is missing or has the wrong type or an impossible value. */
        BAD_CONFIG,
        /** A safetensors header is malformed (length, JSON, offsets that overlap or run backwards). */
        BAD_HEADER,
        /** An expected tensor is in no file. */
        MISSING_TENSOR,
        /** A tensor has another shape than the config implies. */
        SHAPE_MISMATCH,
        /** A tensor's dtype is not F32, BF16 or F16. */
        DTYPE_UNSUPPORTED,
        /** A file ends before the bytes its header promises. */
        TRUNCATED,
        /** A model reference is neither a directory nor in the local Hugging Face cache (offline). */
        NOT_CACHED,
        /** A download from the hub failed. */
        DOWNLOAD_FAILED,
        /** Any other I/O failure (permissions, mmap). */
        IO
    }

    private final Kind kind;

    public CheckpointException(Kind kind, String message) {
        super(kind + ": " + message);
        this.kind = kind;
    }

    public CheckpointException(Kind kind, String message, Throwable cause) {
        super(kind + ": " + message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
