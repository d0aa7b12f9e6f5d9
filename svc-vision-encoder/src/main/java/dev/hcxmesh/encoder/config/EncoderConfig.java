package dev.hcxmesh.encoder.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of svc-vision-encoder ({@code hcx.encoder.*}). */
@ConfigMapping(prefix = "hcx.encoder")
public interface EncoderConfig {

    /** {@code embedded} (CPU, in process) or {@code triton} (KServe v2 gRPC). Logged at start-up. */
    @WithDefault("embedded")
    String engine();

    /** CPU threads of the embedded engine. */
    @WithDefault("2")
    int threads();

    /** Most tiles one engine call takes, across requests. */
    @WithDefault("8")
    int tileBudget();

    /** Tiles waiting for the engine before the Kafka consumer is held back (back-pressure). */
    @WithDefault("64")
    int queueCapacity();

    /** Store weights as BF16 in the embedded engine (half the memory; F32 math). */
    @WithDefault("false")
    boolean bf16Weights();

    Triton triton();

    interface Triton {
        /** host:port of Triton's gRPC endpoint. */
        @WithDefault("127.0.0.1:8001")
        String target();

        @WithDefault("hcx_vision_encoder")
        String model();

        @WithDefault("30s")
        Duration deadline();
    }
}
