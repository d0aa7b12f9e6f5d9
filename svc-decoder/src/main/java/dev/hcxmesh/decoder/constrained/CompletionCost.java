package dev.hcxmesh.decoder.constrained;

import java.math.BigDecimal;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * An upper bound on the bytes still needed to finish a JSON value along its shortest completion
 * (required properties only, minimum items, shortest strings and numbers). Byte-level vocabularies
 * have a token for every byte, so bytes bound tokens: keeping {@code cost(state) <= tokens left}
 * guarantees the value can always be closed within max_tokens.
 */
final class CompletionCost {
    private final Map<SchemaNode, Integer> minLen = new IdentityHashMap<>();

    /** Bytes of the shortest valid value of {@code s}. */
    int minLen(SchemaNode s) {
        Integer cached = minLen.get(s);
        if (cached != null) {
            return cached;
        }
        int v =
                switch (s) {
                    case SchemaNode.ObjectSchema o -> 1 + restAfter(o, 0) - (hasRequired(o, 0) ? 1 : 0);
                    case SchemaNode.ArraySchema a ->
                        a.minItems() == 0 ? 2 : 2 + a.minItems() * minLen(a.items()) + a.minItems() - 1;
                    case SchemaNode.StringSchema st -> 2 + st.minLength();
                    case SchemaNode.NumberSchema n -> shortestNumber(n);
                    case SchemaNode.LiteralSchema l ->
                        l.literals().stream().mapToInt(b -> b.length).min().orElse(0);
                };
        minLen.put(s, v);
        return v;
    }

    /** Bytes needed to finish every frame of {@code state}. */
    int cost(JsonGrammar.State state) {
        int total = 0;
        for (JsonGrammar.State s = state; s != null; s = s.rest()) {
            total += frameCost(s.top(), s == state);
        }
        return total;
    }

    private int frameCost(JsonGrammar.Frame f, boolean top) {
        return switch (f) {
            case Frames.Root r -> r.done() || !top ? 0 : minLen(r.schema());
            case Frames.Obj o -> objCost(o);
            case Frames.Arr a -> arrCost(a);
            case Frames.Str s ->
                switch (s.phase()) {
                    case Frames.Str.OPEN -> minLen(s.s());
                    case Frames.Str.ESC -> 1 + Math.max(0, s.s().minLength() - s.len()) + 1;
                    default -> s.need() + Math.max(0, s.s().minLength() - s.len()) + 1;
                };
            case Num n -> numCost(n);
            case Frames.Lit l -> {
                int best = Integer.MAX_VALUE;
                for (int j : l.cands()) {
                    best = Math.min(best, l.s().literals().get(j).length - l.pos());
                }
                yield best;
            }
            default -> 0;
        };
    }

    private int objCost(Frames.Obj o) {
        SchemaNode.ObjectSchema s = o.s();
        return switch (o.phase()) {
            case Frames.Obj.OPEN -> minLen(s);
            case Frames.Obj.FIRST -> restAfter(s, o.next()) - (hasRequired(s, o.next()) ? 1 : 0);
            case Frames.Obj.KEY -> {
                int best = Integer.MAX_VALUE;
                for (int j : o.cands()) {
                    best = Math.min(
                            best,
                            s.keyBytes().get(j).length
                                    - o.keyPos()
                                    + 1
                                    + minLen(s.values().get(j))
                                    + restAfter(s, j + 1));
                }
                yield best;
            }
            case Frames.Obj.COLON -> 1 + minLen(s.values().get(o.chosen())) + restAfter(s, o.chosen() + 1);
            case Frames.Obj.VALUE -> minLen(s.values().get(o.chosen())) + restAfter(s, o.chosen() + 1);
            case Frames.Obj.CHILD -> restAfter(s, o.chosen() + 1);
            case Frames.Obj.AFTER -> restAfter(s, o.next());
            case Frames.Obj.NEXT -> {
                int best = Integer.MAX_VALUE;
                for (int j = o.next(); j < s.names().size(); j++) {
                    best = Math.min(
                            best,
                            1
                                    + s.keyBytes().get(j).length
                                    + 1
                                    + minLen(s.values().get(j))
                                    + restAfter(s, j + 1));
                    if (s.required()[j]) {
                        break;
                    }
                }
                yield best == Integer.MAX_VALUE ? 1 : best;
            }
            default -> 0;
        };
    }

    /** Bytes to finish an object after a value (or at its start, including a leading comma): required rest + '}'. */
    private int restAfter(SchemaNode.ObjectSchema s, int next) {
        int total = 1;
        for (int j = next; j < s.names().size(); j++) {
            if (s.required()[j]) {
                total += 1
                        + 1
                        + s.keyBytes().get(j).length
                        + 1
                        + minLen(s.values().get(j));
            }
        }
        return total;
    }

    private static boolean hasRequired(SchemaNode.ObjectSchema s, int next) {
        for (int j = next; j < s.names().size(); j++) {
            if (s.required()[j]) {
                return true;
            }
        }
        return false;
    }

    private int arrCost(Frames.Arr a) {
        SchemaNode.ArraySchema s = a.s();
        int item = minLen(s.items());
        return switch (a.phase()) {
            case Frames.Arr.OPEN -> minLen(s);
            case Frames.Arr.FIRST -> s.minItems() == 0 ? 1 : s.minItems() * item + s.minItems() - 1 + 1;
            case Frames.Arr.CHILD -> Math.max(0, s.minItems() - a.count() - 1) * (1 + item) + 1;
            case Frames.Arr.AFTER -> Math.max(0, s.minItems() - a.count()) * (1 + item) + 1;
            case Frames.Arr.NEXT -> item + Math.max(0, s.minItems() - a.count() - 1) * (1 + item) + 1;
            default -> 0;
        };
    }

    private int numCost(Num n) {
        if (n.phase() == Num.START) {
            return minLen(n.s());
        }
        if (n.canEnd()) {
            return 0;
        }
        // digits still needed to reach the bound's magnitude, plus one after a bare sign or dot
        BigDecimal bound = n.neg() ? n.s().max() : n.s().min();
        int boundDigits =
                bound == null ? 1 : bound.abs().toBigInteger().toString().length();
        int more = Math.max(1, boundDigits - n.intDigits());
        return n.phase() == Num.DOT || n.phase() == Num.FRAC ? more + n.s().maxFracDigits() : more;
    }

    private static int shortestNumber(SchemaNode.NumberSchema n) {
        BigDecimal zero = BigDecimal.ZERO;
        if ((n.min() == null || n.min().compareTo(zero) <= 0)
                && (n.max() == null || n.max().compareTo(zero) >= 0)) {
            return 1;
        }
        BigDecimal b = n.min() != null && n.min().signum() > 0 ? n.min() : n.max();
        BigDecimal candidate = b.setScale(
                Math.min(b.scale() < 0 ? 0 : b.scale(), n.maxFracDigits()),
                n.min() != null && n.min().signum() > 0
                        ? java.math.RoundingMode.CEILING
                        : java.math.RoundingMode.FLOOR);
        return candidate.stripTrailingZeros().toPlainString().length();
    }
}
