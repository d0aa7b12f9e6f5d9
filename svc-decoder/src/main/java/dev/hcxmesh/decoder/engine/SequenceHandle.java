package dev.hcxmesh.decoder.engine;

/** A running sequence. */
public interface SequenceHandle {

    /** Stops the sequence and frees its KV blocks; the sink gets onFinish(CANCELLED). Idempotent. */
    void cancel();
}
