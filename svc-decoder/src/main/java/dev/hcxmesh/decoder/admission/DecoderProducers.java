package dev.hcxmesh.decoder.admission;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.common.model.LoadedModel;
import dev.hcxmesh.decoder.api.ByteVocabulary;
import dev.hcxmesh.decoder.api.ChatMlRenderer;
import dev.hcxmesh.decoder.api.Generator;
import dev.hcxmesh.decoder.api.PromptRenderer;
import dev.hcxmesh.decoder.api.TextEncoder;
import dev.hcxmesh.decoder.constrained.ConstraintLimits;
import dev.hcxmesh.decoder.engine.EngineException;
import dev.hcxmesh.decoder.engine.EngineInfo;
import dev.hcxmesh.decoder.engine.LanguageEngine;
import dev.hcxmesh.decoder.engine.SequenceHandle;
import dev.hcxmesh.decoder.engine.SequenceRequest;
import dev.hcxmesh.decoder.engine.TokenSink;
import dev.hcxmesh.decoder.engine.cpu.CpuEngineOptions;
import dev.hcxmesh.decoder.engine.cpu.CpuLanguageEngine;
import dev.hcxmesh.decoder.engine.cpu.WeightFormat;
import dev.hcxmesh.decoder.engine.llama.LlamaWeightNames;
import dev.hcxmesh.decoder.engine.triton.TritonLanguageEngine;
import dev.hcxmesh.model.tokenizer.BpeTokenizer;
import dev.hcxmesh.model.tokenizer.Vocabulary;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * CDI wiring of the decoder front ends. {@link LanguageEngine}, {@link Vocabulary}, {@link
 * TextEncoder} and {@link PromptRenderer} are {@link DefaultBean}s: any other producer of the same
 * type (the embedded CPU engine, the real tokenizer, the HCX prompt builder, a test fake) replaces
 * them without touching this class.
 */
@ApplicationScoped
public class DecoderProducers {
    private static final Logger LOG = Logger.getLogger(DecoderProducers.class);

    /** The checkpoint's tokenizer (engine none: a byte-level stand-in for API tests). */
    @Produces
    @Singleton
    @DefaultBean
    Vocabulary vocabulary(DecoderConfig config, LoadedModel model) {
        if (config.engine().equals("none")) {
            return new ByteVocabulary();
        }
        return BpeTokenizer.load(model.checkpoint().tokenizerJson());
    }

    @Produces
    @Singleton
    @DefaultBean
    TextEncoder textEncoder(Vocabulary vocab) {
        if (vocab instanceof BpeTokenizer tokenizer) {
            return tokenizer::encode;
        }
        return new ByteVocabulary();
    }

    @Produces
    @Singleton
    @DefaultBean
    PromptRenderer promptRenderer(Vocabulary vocab, TextEncoder encoder, LoadedModel model) {
        if (vocab instanceof BpeTokenizer) {
            return new dev.hcxmesh.decoder.generate.HcxChatRenderer(dev.hcxmesh.model.prompt.HcxPromptBuilder.load(
                    model.checkpoint().dir()));
        }
        return new ChatMlRenderer(vocab, encoder); // the byte-level stand-in (engine none)
    }

    @Produces
    @Singleton
    @DefaultBean
    LanguageEngine engine(DecoderConfig config, Vocabulary vocab, LoadedModel model) {
        if (config.engine().equals("embedded")) {
            var ckpt = model.checkpoint();
            var e = config.embedded();
            var options = CpuEngineOptions.defaults()
                    .withFormat(WeightFormat.valueOf(e.format()))
                    .withThreads(e.threads())
                    .withKv(e.kvBudgetBytes(), CpuEngineOptions.defaults().kvBlockSize())
                    .withBatching(
                            CpuEngineOptions.defaults().prefillChunk(),
                            e.maxBatch(),
                            CpuEngineOptions.defaults().maxWaiting())
                    .withNames(LlamaWeightNames.HCX, ckpt.randomWeights());
            var engine = CpuLanguageEngine.load(ckpt.config().text(), ckpt.tensors(), options);
            LOG.infof(
                    "decoder engine: embedded CPU (%s weights, %d threads, KV budget %d MiB)%s",
                    e.format(), e.threads(), e.kvBudgetBytes() >> 20, ckpt.randomWeights() ? "; RANDOM weights" : "");
            return engine;
        }
        if (config.engine().equals("triton")) {
            DecoderConfig.Triton t = config.triton();
            int vocabSize = t.vocabSize().orElse(vocab.size());
            LOG.infof("decoder engine: triton %s:%d model %s", t.host(), t.port(), t.model());
            return new TritonLanguageEngine(
                    ManagedChannelBuilder.forAddress(t.host(), t.port())
                            .usePlaintext()
                            .build(),
                    true,
                    t.model(),
                    new EngineInfo("triton", t.hiddenSize(), vocabSize, t.maxContext(), false),
                    TritonLanguageEngine.EmbeddingDtype.valueOf(t.embeddingDtype()));
        }
        if (!config.engine().equals("none")) {
            throw new IllegalArgumentException(
                    "hcx.decoder.engine must be embedded, triton or none, found " + config.engine());
        }
        LOG.warn("decoder engine: none configured; requests fail with ENGINE_UNAVAILABLE");
        return new UnavailableEngine(vocab.size());
    }

    void close(@Disposes LanguageEngine engine) {
        engine.close();
    }

    @Produces
    @Singleton
    AdmissionQueue admission(LanguageEngine engine, DecoderConfig config) {
        DecoderConfig.Admission a = config.admission();
        return new AdmissionQueue(
                engine,
                new AdmissionQueue.Limits(a.maxActive(), a.queueCapacity(), a.perTenantQueue()),
                Clock.systemUTC());
    }

    @Produces
    @Singleton
    Generator generator(AdmissionQueue admission, Vocabulary vocab, DecoderConfig config) {
        DecoderConfig.Constrained c = config.constrained();
        return new Generator(
                admission,
                vocab,
                new ConstraintLimits(
                        c.maxStringLength(),
                        c.maxArrayItems(),
                        c.maxIntDigits(),
                        c.maxFracDigits(),
                        c.maxWhitespace()));
    }

    /** The engine when none is configured: every start fails with ENGINE_UNAVAILABLE. */
    static final class UnavailableEngine implements LanguageEngine {
        private final int vocabSize;

        UnavailableEngine(int vocabSize) {
            this.vocabSize = vocabSize;
        }

        @Override
        public EngineInfo info() {
            return new EngineInfo("none", 0, vocabSize, 0, false);
        }

        @Override
        public SequenceHandle start(SequenceRequest request, TokenSink sink) {
            throw new EngineException(
                    ErrorCode.ENGINE_UNAVAILABLE, "no language engine is configured (hcx.decoder.engine)");
        }

        @Override
        public void close() {}
    }
}
