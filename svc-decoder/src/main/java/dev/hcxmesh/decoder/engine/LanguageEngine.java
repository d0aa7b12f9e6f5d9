package dev.hcxmesh.decoder.engine;

/**
 * A language-model engine that owns scheduling: sequences are started at any time and join the
 * running batch (continuous batching); each produces tokens through its {@link TokenSink}. The
 * embedded CPU engine and the remote (Triton) backend both implement this.
 */
public interface LanguageEngine extends AutoCloseable {

    /** What the engine serves. */
    EngineInfo info();

    /**
     * Admits a sequence. Throws {@link EngineException} with a typed code when it cannot be admitted
     * (queue full, KV budget exhausted, prompt longer than the context).
     */
    SequenceHandle start(SequenceRequest request, TokenSink sink);

    @Override
    void close();
}
