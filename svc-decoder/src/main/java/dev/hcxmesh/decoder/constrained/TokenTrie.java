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
    }

    /** Marks every token whose full byte string is accepted, walking from {@code state} at the root. */
    public <S> void collect(S state, Walker<S> walker, java.util.BitSet allowed) {
        walk(0, state, walker, allowed);
    }

    private <S> void walk(int node, S state, Walker<S> walker, java.util.BitSet allowed) {
        for (int c = firstChild[node]; c != -1; c = nextSibling[c]) {
            S next = walker.edge(state, label[c]);
            if (next == null) {
                continue;
            }
            for (int t = tokenHead[c]; t != -1; t = tokenNext[t]) {
                allowed.set(t);
            }
            if (firstChild[c] != -1) {
                walk(c, next, walker, allowed);
            }
        }
    }
}
