package dev.hcxmesh.decoder.constrained;

import dev.hcxmesh.decoder.sampling.LogitMask;
import dev.hcxmesh.model.tokenizer.Vocabulary;
import java.util.BitSet;

/**
 * Constrains a sequence to JSON valid under a schema: at each step, every token whose bytes cannot
 * continue a valid prefix is masked (a trie walk from the current {@link JsonGrammar} state), and
 * stop tokens are allowed only once the value may end. One instance per sequence.
 */
public final class JsonSchemaMask implements LogitMask {
    private final Vocabulary vocab;
    private final TokenTrie trie;
    private JsonGrammar.State state;

    /**
     * @param trie built once from {@code vocab}
     */
    public JsonSchemaMask(SchemaNode schema, ConstraintLimits limits, Vocabulary vocab, TokenTrie trie) {
        if (trie.vocabSize() != vocab.size()) {
            throw new IllegalArgumentException(
                    "trie built for " + trie.vocabSize() + " tokens, vocabulary has " + vocab.size());
        }
        this.vocab = vocab;
        this.trie = trie;
        this.state = new JsonGrammar(schema, limits).initial();
    }

    /** Tokens allowed next (stop tokens excluded). */
    public BitSet allowed() {
        BitSet allowed = new BitSet(vocab.size());
        trie.collect(state, JsonGrammar::feed, allowed);
        return allowed;
    }

    @Override
    public void mask(float[] logits, int[] stopIds) {
        BitSet allowed = allowed();
        if (canFinish()) {
            for (int id : stopIds) {
                allowed.set(id);
            }
        }
        for (int i = 0; i < logits.length; i++) {
            if (!allowed.get(i)) {
                logits[i] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    @Override
    public void accept(int token) {
        if (token < 0 || token >= vocab.size() || vocab.isSpecial(token)) {
            throw new IllegalArgumentException("token " + token + " cannot continue constrained JSON");
        }
        JsonGrammar.State s = state;
        for (byte b : vocab.tokenBytes(token)) {
            s = JsonGrammar.feed(s, b & 0xFF);
            if (s == null) {
                throw new IllegalArgumentException("token " + token + " is not a valid JSON continuation here");
            }
        }
        state = s;
    }

    @Override
    public boolean isComplete() {
        return JsonGrammar.isComplete(state);
    }

    @Override
    public boolean canFinish() {
        return JsonGrammar.canFinish(state);
    }
}
