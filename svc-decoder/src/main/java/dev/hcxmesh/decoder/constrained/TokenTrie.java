package dev.hcxmesh.decoder.constrained;

import dev.hcxmesh.model.tokenizer.Vocabulary;
import java.util.Arrays;

/**
 * A byte trie over the token strings of a vocabulary (special and empty tokens excluded), stored in
 * flat int arrays: build once per vocabulary and share between sequences (immutable after build).
 */
public final class TokenTrie {
    private int[] firstChild;
    private int[] nextSibling;
    private int[] label;
    private int[] tokenHead;
    private final int[] tokenNext; // [vocab] chain of tokens with identical bytes
    private int nodes;
    private final int vocabSize;
    // [nodes] tokens of each subtree are orderedTokens[subtreeStart .. subtreeEnd) (DFS order)
    private int[] subtreeStart;
    private int[] subtreeEnd;
    private int[] orderedTokens;
    // [nodes] longest token (bytes) below the node when every token there is "plain" string text
    // (complete UTF-8, no control characters, no quote or backslash); -1 otherwise
    private int[] plainMax;

    public TokenTrie(Vocabulary vocab) {
        vocabSize = vocab.size();
        int cap = Math.max(16, vocabSize * 2);
        firstChild = new int[cap];
        nextSibling = new int[cap];
        label = new int[cap];
        tokenHead = new int[cap];
        tokenNext = new int[vocabSize];
        Arrays.fill(tokenNext, -1);
        newNode(-1);
        for (int id = 0; id < vocabSize; id++) {
            if (vocab.isSpecial(id)) {
                continue;
            }
            byte[] bytes = vocab.tokenBytes(id);
            if (bytes.length == 0) {
                continue;
            }
            int n = 0;
            for (byte b : bytes) {
                n = child(n, b & 0xFF);
            }
            tokenNext[id] = tokenHead[n];
            tokenHead[n] = id;
        }
        index(vocab);
    }

    /** Computes the DFS token order and the plain-text summary of every subtree. */
    private void index(Vocabulary vocab) {
        subtreeStart = new int[nodes];
        subtreeEnd = new int[nodes];
        plainMax = new int[nodes];
        orderedTokens = new int[vocabSize]; // each token sits at exactly one node
        int[] pos = {0};
        index(0, 0, vocab, pos);
    }

    private void index(int node, int depth, Vocabulary vocab, int[] pos) {
        subtreeStart[node] = pos[0];
        int max = 0;
        boolean plain = true;
        for (int t = tokenHead[node]; t != -1; t = tokenNext[t]) {
            orderedTokens[pos[0]++] = t;
            plain &= isPlain(vocab.tokenBytes(t));
            max = Math.max(max, depth);
        }
        for (int c = firstChild[node]; c != -1; c = nextSibling[c]) {
            index(c, depth + 1, vocab, pos);
            plain &= plainMax[c] >= 0;
            max = Math.max(max, plainMax[c]);
        }
        subtreeEnd[node] = pos[0];
        plainMax[node] = plain ? max : -1;
    }

    /** Complete, strict UTF-8 without control characters, quote or backslash. */
    static boolean isPlain(byte[] b) {
        for (byte x : b) {
            int v = x & 0xFF;
            if (v < 0x20 || v == '"' || v == '\\' || v == 0x7F) {
                return false;
            }
        }
        try {
            java.nio.charset.StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(b));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    public int vocabSize() {
        return vocabSize;
    }

    public int nodeCount() {
        return nodes;
    }

    private int newNode(int lab) {
        if (nodes == firstChild.length) {
            int cap = nodes * 2;
            firstChild = Arrays.copyOf(firstChild, cap);
            nextSibling = Arrays.copyOf(nextSibling, cap);
            label = Arrays.copyOf(label, cap);
            tokenHead = Arrays.copyOf(tokenHead, cap);
        }
        firstChild[nodes] = -1;
        nextSibling[nodes] = -1;
        tokenHead[nodes] = -1;
        label[nodes] = lab;
        return nodes++;
    }

    private int child(int parent, int b) {
        for (int c = firstChild[parent]; c != -1; c = nextSibling[c]) {
            if (label[c] == b) {
                return c;
            }
        }
        int c = newNode(b);
        nextSibling[c] = firstChild[parent];
        firstChild[parent] = c;
        return c;
    }

    /** Visitor over the trie: called per edge; returns the child's state, or null to prune the subtree. */
    public interface Walker<S> {
        S edge(S state, int b);

        /**
         * True when, from {@code state}, every plain-text token of at most {@code maxBytes} bytes is
         * accepted (e.g. inside a JSON string far from its length limit): such subtrees are then
         * accepted in bulk without walking them.
         */
        default boolean acceptsPlain(S state, int maxBytes) {
            return false;
        }
    }

    /** Marks every token whose full byte string is accepted, walking from {@code state} at the root. */
    public <S> void collect(S state, Walker<S> walker, java.util.BitSet allowed) {
        walk(0, 0, state, walker, allowed);
    }

    private <S> void walk(int node, int depth, S state, Walker<S> walker, java.util.BitSet allowed) {
        for (int c = firstChild[node]; c != -1; c = nextSibling[c]) {
            // every token below c is plain text and at most plainMax[c] - depth more bytes: accept in bulk
            if (plainMax[c] > depth && walker.acceptsPlain(state, plainMax[c] - depth)) {
                for (int i = subtreeStart[c]; i < subtreeEnd[c]; i++) {
                    allowed.set(orderedTokens[i]);
                }
                continue;
            }
            S next = walker.edge(state, label[c]);
            if (next == null) {
                continue;
            }
            for (int t = tokenHead[c]; t != -1; t = tokenNext[t]) {
                allowed.set(t);
            }
            if (firstChild[c] != -1) {
                walk(c, depth + 1, next, walker, allowed);
            }
        }
    }
}
