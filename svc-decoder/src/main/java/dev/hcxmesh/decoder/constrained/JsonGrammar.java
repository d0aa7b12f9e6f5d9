package dev.hcxmesh.decoder.constrained;

/**
 * A byte-level pushdown automaton that accepts exactly the compact-ish JSON texts valid under a
 * {@link SchemaNode}. States are immutable stacks of frames, so a state can be branched cheaply
 * while walking the token trie. {@link #feed} returns null when a byte cannot continue a valid
 * prefix.
 */
public final class JsonGrammar {
    private final SchemaNode root;
    private final int maxWs;

    public JsonGrammar(SchemaNode root, ConstraintLimits limits) {
        this.root = root;
        this.maxWs = limits.maxWhitespace();
    }

    /** An immutable stack of frames; {@code rest == null} at the root frame. */
    public record State(Frame top, State rest) {}

    /** The state before any byte. */
    public State initial() {
        return new State(new Frames.Root(root, false, maxWs), null);
    }

    /** The state after {@code b} (0..255), or null when {@code b} is not allowed. */
    public static State feed(State s, int b) {
        State cur = s;
        while (true) {
            Step r = cur.top().step(b);
            switch (r.kind()) {
                case REJECT -> {
                    return null;
                }
                case CONTINUE -> {
                    return new State(r.frame(), cur.rest());
                }
                case PUSH -> cur = new State(r.child(), new State(r.frame(), cur.rest()));
                case DONE -> {
                    return pop(cur.rest());
                }
                case END_REFEED -> {
                    cur = pop(cur.rest());
                    if (cur == null) {
                        return null;
                    }
                }
            }
        }
    }

    private static State pop(State parent) {
        if (parent == null) {
            return null;
        }
        return new State(parent.top().childDone(), parent.rest());
    }

    /** The whole value has been generated; nothing may follow. */
    public static boolean isComplete(State s) {
        return s.rest() == null && s.top() instanceof Frames.Root r && r.done();
    }

    /** The text may end here: complete, or a top-level number/literal that could still grow. */
    public static boolean canFinish(State s) {
        return isComplete(s)
                || (s.rest() != null && s.rest().rest() == null && s.top().canEnd());
    }

    /**
     * True inside a string (not mid-character or mid-escape) with room for {@code maxBytes} more
     * characters: every plain-text token of at most that many bytes is then accepted.
     */
    public static boolean acceptsPlainText(State s, int maxBytes) {
        return s.top() instanceof Frames.Str st
                && st.phase() == Frames.Str.IN
                && st.need() == 0
                && st.len() + maxBytes <= st.s().maxLength();
    }

    /** One frame of the automaton: a value (or the root) being generated. */
    public interface Frame {
        Step step(int b);

        /** The child value pushed by this frame finished. */
        default Frame childDone() {
            throw new IllegalStateException(getClass().getSimpleName() + " has no children");
        }

        /** This value may end before the next byte (numbers, literals that prefix others). */
        default boolean canEnd() {
            return false;
        }
    }

    enum Kind {
        REJECT,
        CONTINUE,
        PUSH,
        DONE,
        END_REFEED
    }

    /**
     * What a frame does with a byte: reject it; consume it and become {@code frame}; become {@code
     * frame} and push {@code child}, which must then take the same byte; finish consuming it; or
     * finish without it, so the parent takes it.
     */
    record Step(Kind kind, Frame frame, Frame child) {
        static final Step REJECT = new Step(Kind.REJECT, null, null);
        static final Step DONE = new Step(Kind.DONE, null, null);
        static final Step END_REFEED = new Step(Kind.END_REFEED, null, null);

        static Step to(Frame f) {
            return new Step(Kind.CONTINUE, f, null);
        }

        static Step push(Frame parent, Frame child) {
            return new Step(Kind.PUSH, parent, child);
        }
    }
}
