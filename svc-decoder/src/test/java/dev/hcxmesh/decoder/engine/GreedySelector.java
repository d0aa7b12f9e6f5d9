package dev.hcxmesh.decoder.engine;

import java.util.ArrayList;
import java.util.List;

/** Test selector: argmax (lowest id on ties), optional stop id, records a copy of every logits row. */
public final class GreedySelector implements TokenSelector {
    private final int stopId;
    public final List<float[]> seen = new ArrayList<>();
    private final boolean record;

    public GreedySelector(int stopId, boolean record) {
        this.stopId = stopId;
        this.record = record;
    }

    /** Never stops (only the length budget ends the sequence). */
    public GreedySelector() {
        this(-1, false);
    }

    @Override
    public Choice select(float[] logits) {
        if (record) {
            seen.add(logits.clone());
        }
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        double max = logits[best], sum = 0;
        for (float l : logits) {
            sum += Math.exp(l - max);
        }
        float lp = (float) -Math.log(sum);
        boolean stop = best == stopId;
        return new Choice(best, lp, stop, !stop);
    }
}
