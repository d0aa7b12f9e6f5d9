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
    private static final TokenTrie.Walker<JsonGrammar.State> WALKER = new TokenTrie.Walker<>() {
        @Override
        public JsonGrammar.State edge(JsonGrammar.State state, int b) {
            return JsonGrammar.feed(state, b);
        }

        @Override
        public boolean acceptsPlain(JsonGrammar.State state, int maxBytes) {
            return JsonGrammar.acceptsPlainText(state, maxBytes);
        }
    };

    private final CompletionCost costs = new CompletionCost();
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
        trie.collect(state, WALKER, allowed);
        return allowed;
    }

    /** Bytes still needed, at least, to close the value from the current state. */
    public int remainingCost() {
        return costs.cost(state);
    }

    /**
     * Tokens allowed next when only {@code budget} tokens remain (this one included): near the end
     * of the budget, only tokens after which the value can still be closed in time.
     */
    public BitSet allowed(int budget) {
        if (budget == Integer.MAX_VALUE || budget > costs.cost(state) + SLACK) {
            return allowed();
        }
        BitSet allowed = new BitSet(vocab.size());
        trie.collect(state, WALKER, allowed);
        BitSet affordable = new BitSet(vocab.size());
        BitSet cheapest = new BitSet(vocab.size());
        int cheapestCost = Integer.MAX_VALUE;
        for (int id = allowed.nextSetBit(0); id >= 0; id = allowed.nextSetBit(id + 1)) {
            JsonGrammar.State after = advance(state, id);
            int c = after == null ? Integer.MAX_VALUE : costs.cost(after);
            if (c <= budget - 1) {
                affordable.set(id);
            }
            if (c < cheapestCost) {
                cheapestCost = c;
                cheapest.clear();
            }
            if (c == cheapestCost) {
                cheapest.set(id);
            }
        }
        // over budget already (max_tokens below the schema's minimum): head for the shortest completion
        return affordable.isEmpty() ? cheapest : affordable;
    }

    /** Tokens that may grow the remaining cost this much at once are checked one by one near the budget end. */
    private static final int SLACK = 256;

    @Override
    public void mask(float[] logits, int[] stopIds) {
        mask(logits, stopIds, Integer.MAX_VALUE);
    }

    @Override
    public void mask(float[] logits, int[] stopIds, int budget) {
        BitSet allowed = allowed(budget);
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
        JsonGrammar.State s = advance(state, token);
        if (s == null) {
            throw new IllegalArgumentException("token " + token + " is not a valid JSON continuation here");
        }
        state = s;
    }

    private JsonGrammar.State advance(JsonGrammar.State from, int token) {
        JsonGrammar.State s = from;
        for (byte b : vocab.tokenBytes(token)) {
            s = JsonGrammar.feed(s, b & 0xFF);
            if (s == null) {
                return null;
            }
        }
        return s;
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
