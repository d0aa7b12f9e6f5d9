package dev.hcxmesh.decoder.engine.llama;

import dev.hcxmesh.model.config.TextConfig;
import java.util.Locale;

/**
 * Rotary position embedding in the Hugging Face "rotate_half" layout: dimension {@code i} is paired
 * with {@code i + hd/2}. Inverse frequencies follow {@code rope_scaling}: none ("default"), linear,
 * dynamic (NTK) and llama3. Angles are computed in float32 like HF.
 *
 * <p>Dynamic NTK: HF rescales the base from the whole current sequence length. Here the base for
 * position {@code p} is derived from {@code max(p + 1, original_max)}, which makes a key's rotation a
 * function of its position only (so KV caches and full recompute agree). This equals HF for every
 * sequence shorter than {@code original_max_position_embeddings}.
 */
public final class Rope {
    private final int headDim;
    private final double theta;
    private final String type;
    private final double factor;
    private final int originalMax;
    private final float[] invFreq; // [hd/2] for every type except dynamic beyond originalMax

    public Rope(int headDim, double theta, TextConfig.RopeScaling scaling) {
        if (headDim <= 0 || headDim % 2 != 0) {
            throw new IllegalArgumentException("head_dim must be positive and even, found " + headDim);
        }
        if (!(theta > 0)) {
            throw new IllegalArgumentException("rope_theta must be positive, found " + theta);
        }
        this.headDim = headDim;
        this.theta = theta;
        this.type = scaling == null ? "default" : scaling.type().toLowerCase(Locale.ROOT);
        this.factor = scaling == null ? 1.0 : scaling.factor();
        this.originalMax = scaling == null ? 0 : scaling.originalMaxPositionEmbeddings();
        double[] base = baseInvFreq(theta);
        this.invFreq = new float[headDim / 2];
        switch (type) {
            case "default", "none" -> copy(base);
            case "linear" -> {
                requireFactor();
                for (int i = 0; i < base.length; i++) {
                    invFreq[i] = (float) (base[i] / factor);
                }
            }
            case "dynamic" -> {
                requireFactor();
                if (originalMax <= 0) {
                    throw new IllegalArgumentException(
                            "dynamic rope_scaling needs original_max_position_embeddings > 0");
                }
                copy(base);
            }
            case "llama3" -> llama3(scaling, base);
            default ->
                throw new IllegalArgumentException(
                        "unsupported rope_scaling type " + type + " (supported: default, linear, dynamic, llama3)");
        }
    }

    /** For a config's text model. */
    public static Rope of(TextConfig c, int headDim) {
        return new Rope(headDim, c.ropeTheta(), c.ropeScaling());
    }

    public int headDim() {
        return headDim;
    }

    /** Fills {@code cos[hd/2]} and {@code sin[hd/2]} for position {@code pos}. */
    public void angles(int pos, float[] cos, float[] sin) {
        float[] freq = invFreq;
        if (type.equals("dynamic") && pos + 1 > originalMax) {
            double seqLen = pos + 1;
            double newBase =
                    theta * Math.pow((factor * seqLen / originalMax) - (factor - 1), headDim / (headDim - 2.0));
            double[] f = baseInvFreqFor(newBase);
            freq = new float[f.length];
            for (int i = 0; i < f.length; i++) {
                freq[i] = (float) f[i];
            }
        }
        float p = pos;
        for (int i = 0; i < freq.length; i++) {
            float angle = p * freq[i]; // float32 like HF
            cos[i] = (float) Math.cos(angle);
            sin[i] = (float) Math.sin(angle);
        }
    }

    /**
     * Rotates one head in place: {@code x[off .. off+hd)}; out_i = x_i cos - x_{i+h} sin, out_{i+h} =
     * x_{i+h} cos + x_i sin.
     */
    public static void rotate(float[] x, int off, float[] cos, float[] sin) {
        int half = cos.length;
        for (int i = 0; i < half; i++) {
            float x1 = x[off + i];
            float x2 = x[off + i + half];
            x[off + i] = x1 * cos[i] - x2 * sin[i];
            x[off + i + half] = x2 * cos[i] + x1 * sin[i];
        }
    }

    private double[] baseInvFreq(double b) {
        return baseInvFreqFor(b);
    }

    private double[] baseInvFreqFor(double b) {
        double[] f = new double[headDim / 2];
        for (int i = 0; i < f.length; i++) {
            f[i] = 1.0 / Math.pow(b, (2.0 * i) / headDim);
        }
        return f;
    }

    private void copy(double[] base) {
        for (int i = 0; i < base.length; i++) {
            invFreq[i] = (float) base[i];
        }
    }

    private void requireFactor() {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("rope_scaling " + type + " needs factor > 0, found " + factor);
        }
    }

    private void llama3(TextConfig.RopeScaling s, double[] base) {
        requireFactor();
        if (originalMax <= 0 || s.lowFreqFactor() <= 0 || s.highFreqFactor() <= s.lowFreqFactor()) {
            throw new IllegalArgumentException("llama3 rope_scaling needs original_max > 0 and high_freq_factor >"
                    + " low_freq_factor > 0, found " + s);
        }
        double lowWavelen = originalMax / s.lowFreqFactor();
        double highWavelen = originalMax / s.highFreqFactor();
        for (int i = 0; i < base.length; i++) {
            double wavelen = 2 * Math.PI / base[i];
            double f;
            if (wavelen < highWavelen) {
                f = base[i];
            } else if (wavelen > lowWavelen) {
                f = base[i] / factor;
            } else {
                double smooth = (originalMax / wavelen - s.lowFreqFactor()) / (s.highFreqFactor() - s.lowFreqFactor());
                f = (1 - smooth) * base[i] / factor + smooth * base[i];
            }
            invFreq[i] = (float) f;
        }
    }
}
