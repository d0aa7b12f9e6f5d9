package dev.hcxmesh.decoder.admission;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the decoder front ends, admission and remote backend ({@code hcx.decoder.*}). */
@ConfigMapping(prefix = "hcx.decoder")
public interface DecoderConfig {

    /**
     * Engine built by the default producer: {@code embedded} (the in-process CPU engine on the
     * checkpoint's weights; what the service's application.properties selects), {@code triton} (a
     * remote Triton / TensorRT-LLM model), or {@code none}, which refuses every request with
     * ENGINE_UNAVAILABLE and uses a byte-level stand-in vocabulary (API tests).
     */
    @WithDefault("none")
    String engine();

    Sampling sampling();

    Admission admission();

    Grpc grpc();

    OpenAi openai();

    Constrained constrained();

    Triton triton();

    Embedded embedded();

    Vision vision();

    /**
     * OpenAI {@code image_url} parts through the mesh: an embed-purpose MediaRequest to ingest, rows
     * back from the encoder (dev.hcxmesh.decoder.vision).
     */
    interface Vision {
        /** Off: image parts are answered with 501 (no vision client). */
        @WithDefault("true")
        boolean enabled();

        /** Largest decoded {@code data:} URL payload (ingest's inline limit; larger media would need a URL). */
        @WithDefault("2097152")
        int maxInlineBytes();

        /** Mime types a {@code data:} URL may declare. */
        @WithDefault("image/png,image/jpeg,image/jpg,image/gif,image/webp,image/bmp,image/tiff")
        java.util.List<String> mimeTypes();
    }

    /** The in-process CPU engine (engine=embedded). */
    interface Embedded {
        /** Kernel threads. */
        @WithDefault("2")
        int threads();

        /** Weight format at load: F32, BF16, Q8_0 or Q4_0 (quantised from the checkpoint). */
        @WithDefault("F32")
        String format();

        /** Memory budget of the paged KV cache in bytes. */
        @WithDefault("536870912")
        long kvBudgetBytes();

        /** Sequences decoded together in one step (continuous batching). */
        @WithDefault("8")
        int maxBatch();
    }

    /** Generation defaults. */
    interface Sampling {
        /** max_tokens when the request sets none (model card: 64 for text, 8192 for VLM). */
        @WithDefault("512")
        int defaultMaxTokens();

        /** Largest max_tokens a request may ask for. */
        @WithDefault("8192")
        int maxTokensLimit();
    }

    /** Back-pressure in front of the engine. */
    interface Admission {
        /** Sequences running in the engine at once. */
        @WithDefault("8")
        int maxActive();

        /** Requests waiting for a slot; beyond this QUEUE_FULL (gRPC RESOURCE_EXHAUSTED, HTTP 429). */
        @WithDefault("64")
        int queueCapacity();

        /** Requests one tenant may have waiting. */
        @WithDefault("16")
        int perTenantQueue();

        /**
         * Requests from Kafka generating or waiting for a slot at once; beyond this the consumer holds
         * back and the backlog stays on the broker as lag. Keep it at most max-active +
         * per-tenant-queue: requests the admission queue refuses are retried, which only costs time.
         */
        @WithDefault("16")
        int kafkaInFlight();

        /**
         * Longest a rebalance's revocation waits for the Kafka requests this instance is generating to
         * publish, so that the next owner of their partitions sees them answered. The whole group's
         * rebalance waits too (keep it under the consumer's max.poll.interval.ms, 300 s), and so does
         * a pod's shutdown, which closes the consumer (keep it inside the termination grace period
         * less the preStop sleep: 45 - 10 s in deploy/). Requests still generating after it may be
         * answered by the next owner as well.
         */
        @WithDefault("30s")
        Duration revokeWait();
    }

    /** gRPC streaming. */
    interface Grpc {
        /** Events queued for a slow client before further tokens are merged into the last one. */
        @WithDefault("64")
        int maxQueuedEvents();

        /** Tokens buffered for a client that is not reading; beyond this the sequence is cancelled. */
        @WithDefault("4096")
        int maxBufferedTokens();
    }

    /** OpenAI-compatible HTTP API. */
    interface OpenAi {
        /** The model id listed by GET /v1/models and echoed in responses. */
        @WithDefault("HyperCLOVAX-SEED-Vision-Instruct-3B")
        String modelId();

        /** Longest wait for a non-streaming completion. */
        @WithDefault("300s")
        Duration requestTimeout();

        /** Longest wait for a VisionClient to embed one image. */
        @WithDefault("60s")
        Duration visionTimeout();
    }

    /** Bounds for JSON-schema constrained decoding where the schema leaves sizes open. */
    interface Constrained {
        /** Code points per string without maxLength. */
        @WithDefault("256")
        int maxStringLength();

        /** Items per array without maxItems. */
        @WithDefault("64")
        int maxArrayItems();

        /** Integer digits per number. */
        @WithDefault("15")
        int maxIntDigits();

        /** Fraction digits per number. */
        @WithDefault("6")
        int maxFracDigits();

        /** Whitespace characters allowed at each structural position. */
        @WithDefault("1")
        int maxWhitespace();
    }

    /** Remote Triton TensorRT-LLM backend (engine=triton). */
    interface Triton {
        /** Triton gRPC host. */
        @WithDefault("localhost")
        String host();

        /** Triton gRPC port. */
        @WithDefault("8001")
        int port();

        /** Decoupled model name (the TRT-LLM "tensorrt_llm" model). */
        @WithDefault("tensorrt_llm")
        String model();

        /** Vocabulary size of the engine (p-tuning ids start here); defaults to the tokenizer's size. */
        Optional<Integer> vocabSize();

        /** Hidden size of the visual rows (HCX LLM: 3072). */
        @WithDefault("3072")
        int hiddenSize();

        /** Longest prompt + completion the engine was built for. */
        @WithDefault("8192")
        int maxContext();

        /** prompt_embedding_table dtype: FP32 or BF16. */
        @WithDefault("FP32")
        String embeddingDtype();
    }
}
