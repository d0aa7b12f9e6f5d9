package dev.hcxmesh.decoder.constrained;

import dev.hcxmesh.decoder.constrained.JsonGrammar.Frame;
import dev.hcxmesh.decoder.constrained.JsonGrammar.Step;
import java.util.Arrays;

/** The frames of {@link JsonGrammar}: one immutable record per kind of JSON value. */
final class Frames {
    private Frames() {}

    static boolean isWs(int b) {
        return b == ' ' || b == '\n';
    }

    /** A fresh frame that generates a value of {@code s}. */
    static Frame start(SchemaNode s, int maxWs) {
        return switch (s) {
            case SchemaNode.ObjectSchema o -> new Obj(o, maxWs, Obj.OPEN, 0, 0, 0, null, -1);
            case SchemaNode.ArraySchema a -> new Arr(a, maxWs, Arr.OPEN, 0, 0);
            case SchemaNode.StringSchema st -> new Str(st, Str.OPEN, 0, 0, 0x80, 0xBF);
            case SchemaNode.NumberSchema n -> Num.initial(n);
            case SchemaNode.LiteralSchema l ->
                new Lit(l, 0, allIndices(l.literals().size()));
        };
    }

    private static int[] allIndices(int n) {
        int[] a = new int[n];
        Arrays.setAll(a, i -> i);
        return a;
    }

    /** The document: one value, then nothing. */
    record Root(SchemaNode schema, boolean done, int maxWs) implements Frame {
        @Override
        public Step step(int b) {
            return done ? Step.REJECT : Step.push(this, start(schema, maxWs));
        }

        @Override
        public Frame childDone() {
            return new Root(schema, true, maxWs);
        }
    }

    /** An object whose properties come in declaration order, optional ones skippable. */
    record Obj(SchemaNode.ObjectSchema s, int maxWs, int phase, int next, int ws, int keyPos, int[] cands, int chosen)
            implements Frame {
        static final int OPEN = 0, FIRST = 1, KEY = 2, COLON = 3, VALUE = 4, CHILD = 5, AFTER = 6, NEXT = 7;

        @Override
        public Step step(int b) {
            switch (phase) {
                case OPEN:
                    return b == '{' ? Step.to(with(FIRST, next, 0, 0, null, -1)) : Step.REJECT;
                case FIRST:
                case NEXT:
                    if (isWs(b)) {
                        return ws < maxWs ? Step.to(with(phase, next, ws + 1, 0, null, -1)) : Step.REJECT;
                    }
                    if (b == '"') {
                        int[] c = keyCandidates();
                        return c.length > 0 ? Step.to(with(KEY, next, 0, 0, c, -1)) : Step.REJECT;
                    }
                    return phase == FIRST && b == '}' && canClose() ? Step.DONE : Step.REJECT;
                case KEY:
                    return key(b);
                case COLON:
                    return b == ':' ? Step.to(with(VALUE, next, 0, 0, null, chosen)) : Step.REJECT;
                case VALUE:
                    if (isWs(b)) {
                        return ws < maxWs ? Step.to(with(VALUE, next, ws + 1, 0, null, chosen)) : Step.REJECT;
                    }
                    return Step.push(
                            with(CHILD, next, 0, 0, null, chosen),
                            start(s.values().get(chosen), maxWs));
                case AFTER:
                    if (b == ',') {
                        return keyCandidates().length > 0 ? Step.to(with(NEXT, next, 0, 0, null, -1)) : Step.REJECT;
                    }
                    return b == '}' && canClose() ? Step.DONE : Step.REJECT;
                default:
                    return Step.REJECT;
            }
        }

        private Step key(int b) {
            int[] keep = new int[cands.length];
            int n = 0;
            int finished = -1;
            for (int j : cands) {
                byte[] k = s.keyBytes().get(j);
                if (k.length > keyPos && (k[keyPos] & 0xFF) == b) {
                    keep[n++] = j;
                    if (k.length == keyPos + 1) {
                        finished = j;
                    }
                }
            }
            if (n == 0) {
                return Step.REJECT;
            }
            if (finished >= 0) {
                return Step.to(with(COLON, next, 0, 0, null, finished));
            }
            return Step.to(with(KEY, next, 0, keyPos + 1, Arrays.copyOf(keep, n), -1));
        }

        @Override
        public Frame childDone() {
            return with(AFTER, chosen + 1, 0, 0, null, -1);
        }

        /** Properties that may come next: from {@code next} up to and including the first required one. */
        private int[] keyCandidates() {
            int total = s.names().size();
            int[] out = new int[Math.max(0, total - next)];
            int n = 0;
            for (int j = next; j < total; j++) {
                out[n++] = j;
                if (s.required()[j]) {
                    break;
                }
            }
            return Arrays.copyOf(out, n);
        }

        private boolean canClose() {
            for (int j = next; j < s.names().size(); j++) {
                if (s.required()[j]) {
                    return false;
                }
            }
            return true;
        }

        private Obj with(int phase, int next, int ws, int keyPos, int[] cands, int chosen) {
            return new Obj(s, maxWs, phase, next, ws, keyPos, cands, chosen);
        }
    }

    /** An array of {@code minItems..maxItems} items. */
    record Arr(SchemaNode.ArraySchema s, int maxWs, int phase, int count, int ws) implements Frame {
        static final int OPEN = 0, FIRST = 1, CHILD = 2, AFTER = 3, NEXT = 4;

        @Override
        public Step step(int b) {
            switch (phase) {
                case OPEN:
                    return b == '[' ? Step.to(new Arr(s, maxWs, FIRST, 0, 0)) : Step.REJECT;
                case FIRST:
                case NEXT:
                    if (isWs(b)) {
                        return ws < maxWs ? Step.to(new Arr(s, maxWs, phase, count, ws + 1)) : Step.REJECT;
                    }
                    if (phase == FIRST && b == ']') {
                        return s.minItems() == 0 ? Step.DONE : Step.REJECT;
                    }
                    return count < s.maxItems()
                            ? Step.push(new Arr(s, maxWs, CHILD, count, 0), start(s.items(), maxWs))
                            : Step.REJECT;
                case AFTER:
                    if (b == ',') {
                        return count < s.maxItems() ? Step.to(new Arr(s, maxWs, NEXT, count, 0)) : Step.REJECT;
                    }
                    return b == ']' && count >= s.minItems() ? Step.DONE : Step.REJECT;
                default:
                    return Step.REJECT;
            }
        }

        @Override
        public Frame childDone() {
            return new Arr(s, maxWs, AFTER, count + 1, 0);
        }
    }

    /**
     * A string of valid UTF-8 without control characters; simple escapes only ({@code \" \\ \/ \b \f
     * \n \r \t}).
     *
     * @param len code points so far
     * @param need continuation bytes still due for the current character
     * @param lo lowest allowed next continuation byte
     * @param hi highest allowed next continuation byte
     */
    record Str(SchemaNode.StringSchema s, int phase, int len, int need, int lo, int hi) implements Frame {
        static final int OPEN = 0, IN = 1, ESC = 2;

        @Override
        public Step step(int b) {
            if (phase == OPEN) {
                return b == '"' ? Step.to(new Str(s, IN, 0, 0, 0x80, 0xBF)) : Step.REJECT;
            }
            if (phase == ESC) {
                return "\"\\/bfnrt".indexOf(b) >= 0 ? Step.to(new Str(s, IN, len, 0, 0x80, 0xBF)) : Step.REJECT;
            }
            if (need > 0) {
                return b >= lo && b <= hi ? Step.to(new Str(s, IN, len, need - 1, 0x80, 0xBF)) : Step.REJECT;
            }
            if (b == '"') {
                return len >= s.minLength() ? Step.DONE : Step.REJECT;
            }
            if (len >= s.maxLength() || b < 0x20) {
                return Step.REJECT;
            }
            if (b == '\\') {
                return Step.to(new Str(s, ESC, len + 1, 0, 0x80, 0xBF));
            }
            if (b < 0x80) {
                return Step.to(new Str(s, IN, len + 1, 0, 0x80, 0xBF));
            }
            // UTF-8 lead bytes with the exact second-byte ranges (no overlongs, surrogates or > U+10FFFF)
            if (b >= 0xC2 && b <= 0xDF) {
                return Step.to(new Str(s, IN, len + 1, 1, 0x80, 0xBF));
            }
            if (b >= 0xE0 && b <= 0xEF) {
                int l = b == 0xE0 ? 0xA0 : 0x80;
                int h = b == 0xED ? 0x9F : 0xBF;
                return Step.to(new Str(s, IN, len + 1, 2, l, h));
            }
            if (b >= 0xF0 && b <= 0xF4) {
                int l = b == 0xF0 ? 0x90 : 0x80;
                int h = b == 0xF4 ? 0x8F : 0xBF;
                return Step.to(new Str(s, IN, len + 1, 3, l, h));
            }
            return Step.REJECT;
        }
    }

    /** One of a fixed set of literal byte strings; {@code cands} still match the first {@code pos} bytes. */
    record Lit(SchemaNode.LiteralSchema s, int pos, int[] cands) implements Frame {
        @Override
        public Step step(int b) {
            int[] keep = new int[cands.length];
            int n = 0;
            boolean allEnd = true;
            for (int j : cands) {
                byte[] l = s.literals().get(j);
                if (l.length > pos && (l[pos] & 0xFF) == b) {
                    keep[n++] = j;
                    allEnd &= l.length == pos + 1;
                }
            }
            if (n > 0) {
                return allEnd ? Step.DONE : Step.to(new Lit(s, pos + 1, Arrays.copyOf(keep, n)));
            }
            return canEnd() ? Step.END_REFEED : Step.REJECT;
        }

        @Override
        public boolean canEnd() {
            for (int j : cands) {
                if (s.literals().get(j).length == pos) {
                    return true;
                }
            }
            return false;
        }
    }
}
