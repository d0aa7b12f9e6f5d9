package dev.hcxmesh.decoder.api.openai;

import dev.hcxmesh.decoder.api.TextEncoder;
import dev.hcxmesh.decoder.engine.LanguageEngine;
import dev.hcxmesh.decoder.sampling.StopTokens;
import dev.hcxmesh.decoder.testing.FakeEngine;
import dev.hcxmesh.decoder.testing.TinyVocabulary;
import dev.hcxmesh.model.tokenizer.Vocabulary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Test wiring: replaces the default (unavailable) engine and byte vocabulary with fakes. */
@ApplicationScoped
public class FakeEngineProducer {
    static final TinyVocabulary VOCAB = new TinyVocabulary();
    static final FakeEngine ENGINE = new FakeEngine(VOCAB.size(), 11);

    static {
        ENGINE.banned = StopTokens.resolve(VOCAB);
    }

    @Produces
    @Singleton
    LanguageEngine engine() {
        return ENGINE;
    }

    @Produces
    @Singleton
    Vocabulary vocabulary() {
        return VOCAB;
    }

    @Produces
    @Singleton
    TextEncoder encoder() {
        return VOCAB::encode;
    }
}
