package dev.hcxmesh.decoder.engine.cpu;

import dev.hcxmesh.decoder.engine.llama.LlamaShape;
import java.util.ArrayList;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * One batched Llama forward over a step's rows: each row is one token of some sequence at some
 * position (prefill-chunk tokens and decode tokens alike). Matmuls run over all rows together so each
 * weight matrix streams once per step; attention reads each row's own paged KV. Per-row results do
 * not depend on the other rows in the batch.
 *
 * <p>Dimension letters: n rows, D hidden, H/KV heads, hd head dim, F ffn, V vocab.
 */
final class ForwardPass {
    private static final VectorSpecies<Float> F = Simd.F;
    private static final int MIN_ROWS_PER_TASK = 4 * Panels.ROWS; // a batch-1 panel kernel's four panels
    // smaller tasks even out the end of each parallel region; 4 vs 16 measured within noise (BF16
    // favoured 4, Q8_0 16), so 8
    private static final int TASKS_PER_THREAD = 8;

    private final CpuModel m;
    private final LlamaShape s;
    private final KvBlockPool kv;
    private final WorkerPool pool;
    private final int maxRows;
    private final float[] x, xn, q, k, v, att, tmp, gate, up; // scratch, sized for maxRows
    private final float[] cos, sin; // [maxRows, hd/2]
    private final ThreadLocal<float[]> scores;

    ForwardPass(CpuModel m, KvBlockPool kv, WorkerPool pool, int maxRows) {
        this.m = m;
        this.s = m.shape();
        this.kv = kv;
        this.pool = pool;
        this.maxRows = maxRows;
        int D = s.hidden();
        x = new float[maxRows * D]; // [n, D]
        xn = new float[maxRows * D]; // [n, D]
        q = new float[maxRows * s.qDim()]; // [n, H*hd]
        k = new float[maxRows * s.kvDim()]; // [n, KV*hd]
        v = new float[maxRows * s.kvDim()]; // [n, KV*hd]
        att = new float[maxRows * s.qDim()]; // [n, H*hd]
        tmp = new float[maxRows * D]; // [n, D]
        gate = new float[maxRows * s.ffn()]; // [n, F]
        up = new float[maxRows * s.ffn()]; // [n, F]
        cos = new float[maxRows * s.headDim() / 2];
        sin = new float[maxRows * s.headDim() / 2];
        int maxScores = s.groupSize() * (s.maxContext() + 1);
        scores = ThreadLocal.withInitial(() -> new float[maxScores]);
    }

    int maxRows() {
        return maxRows;
    }

    /** Input embeddings {@code [maxRows, D]}: the caller fills rows {@code 0..n-1} before {@link #run}. */
    float[] input() {
        return x;
    }

    /**
     * Runs the layers over rows {@code 0..n-1} (row i at position {@code pos[i]} of the sequence whose
     * block table is {@code tables[i]}), writing each row's K/V into its block, then the final norm and
     * head for the rows listed in {@code logitRows[0..nLogits)}.
     *
     * @param logits {@code [nLogits, V]} output
     */
    void run(int n, int[] pos, int[][] tables, int[] logitRows, int nLogits, float[] logits) {
        if (n < 1 || n > maxRows) {
            throw new IllegalArgumentException("rows must be in [1, " + maxRows + "], found " + n);
        }
        int half = s.headDim() / 2;
        float[] c = new float[half], sn = new float[half];
        for (int i = 0; i < n; i++) {
            m.rope().angles(pos[i], c, sn);
            System.arraycopy(c, 0, cos, i * half, half);
            System.arraycopy(sn, 0, sin, i * half, half);
        }
        for (int l = 0; l < s.layers(); l++) {
            layer(l, m.layers()[l], n, pos, tables);
        }
        int D = s.hidden();
        for (int j = 0; j < nLogits; j++) {
            rmsNorm(x, logitRows[j] * D, m.finalNorm(), xn, j * D, D, s.rmsEps());
        }
        matmuls(xn, nLogits, new Matrix[] {m.head()}, new float[][] {logits});
    }

    private void layer(int l, CpuModel.Layer w, int n, int[] pos, int[][] tables) {
        int D = s.hidden(), hd = s.headDim(), half = hd / 2;
        for (int i = 0; i < n; i++) {
            rmsNorm(x, i * D, w.inputNorm(), xn, i * D, D, s.rmsEps());
        }
        matmuls(xn, n, new Matrix[] {w.q(), w.k(), w.v()}, new float[][] {q, k, v});
        int bs = kv.blockSize();
        for (int i = 0; i < n; i++) {
            for (int h = 0; h < s.heads(); h++) {
                rotate(q, i * s.qDim() + h * hd, i * half, half);
            }
            for (int g = 0; g < s.kvHeads(); g++) {
                rotate(k, i * s.kvDim() + g * hd, i * half, half);
            }
            int p = pos[i];
            float[] st = kv.storage(tables[i][p / bs]);
            System.arraycopy(k, i * s.kvDim(), st, kv.offset(l, 0, p % bs), s.kvDim());
            System.arraycopy(v, i * s.kvDim(), st, kv.offset(l, 1, p % bs), s.kvDim());
        }
        pool.run(n * s.kvHeads(), t -> attend(l, t / s.kvHeads(), t % s.kvHeads(), pos, tables));
        matmuls(att, n, new Matrix[] {w.o()}, new float[][] {tmp});
        addInPlace(x, tmp, n * D);
        for (int i = 0; i < n; i++) {
            rmsNorm(x, i * D, w.postNorm(), xn, i * D, D, s.rmsEps());
        }
        matmuls(xn, n, new Matrix[] {w.gate(), w.up()}, new float[][] {gate, up});
        int F = s.ffn();
        pool.run(n, i -> swiglu(i * F, (i + 1) * F)); // SiLU(gate) ⊙ up, in place in gate
        matmuls(gate, n, new Matrix[] {w.down()}, new float[][] {tmp});
        addInPlace(x, tmp, n * D);
    }

    private void swiglu(int from, int to) {
        for (int i = from; i < to; i++) {
            float g = gate[i];
            gate[i] = g / (1f + (float) Math.exp(-g)) * up[i];
        }
    }

    /** Causal attention of row {@code i}'s query heads in KV group {@code g} over positions 0..pos[i]. */
    private void attend(int l, int i, int g, int[] pos, int[][] tables) {
        int hd = s.headDim(), G = s.groupSize(), bs = kv.blockSize();
        int p = pos[i], len = p + 1;
        int[] table = tables[i];
        float[] sc = scores.get(); // [G, len]
        float scale = (float) (1.0 / Math.sqrt(hd));
        int qBase = i * s.qDim() + g * G * hd;
        for (int t = 0; t < len; t++) {
            float[] st = kv.storage(table[t / bs]);
            int kOff = kv.offset(l, 0, t % bs) + g * hd;
            for (int h = 0; h < G; h++) {
                sc[h * len + t] = dot(q, qBase + h * hd, st, kOff, hd) * scale;
            }
        }
        for (int h = 0; h < G; h++) {
            int o = h * len;
            float max = Float.NEGATIVE_INFINITY;
            for (int t = 0; t < len; t++) {
                max = Math.max(max, sc[o + t]);
            }
            float sum = 0;
            for (int t = 0; t < len; t++) {
                float e = (float) Math.exp(sc[o + t] - max);
                sc[o + t] = e;
                sum += e;
            }
            float inv = 1f / sum;
            for (int t = 0; t < len; t++) {
                sc[o + t] *= inv;
            }
        }
        java.util.Arrays.fill(att, qBase, qBase + G * hd, 0f);
        for (int t = 0; t < len; t++) {
            float[] st = kv.storage(table[t / bs]);
            int vOff = kv.offset(l, 1, t % bs) + g * hd;
            for (int h = 0; h < G; h++) {
                axpy(sc[h * len + t], st, vOff, att, qBase + h * hd, hd);
            }
        }
    }

    /**
     * {@code outs[j][b, :] = ms[j] · in[b, :]} for b < n; all matrices in one parallel region, split into
     * row ranges.
     */
    private void matmuls(float[] in, int n, Matrix[] ms, float[][] outs) {
        List<int[]> tasks = new ArrayList<>(); // {matrix, r0, r1}
        int target = pool.threads() * TASKS_PER_THREAD;
        long totalRows = 0;
        for (Matrix mm : ms) {
            totalRows += mm.rows();
        }
        int chunk = (int) Math.max(MIN_ROWS_PER_TASK, (totalRows + target - 1) / target);
        chunk = (chunk + MIN_ROWS_PER_TASK - 1) / MIN_ROWS_PER_TASK * MIN_ROWS_PER_TASK; // whole panel groups
        Activations input = new Activations(in, n, ms[0].cols());
        for (Matrix mm : ms) {
            mm.prepare(input);
        }
        for (int j = 0; j < ms.length; j++) {
            for (int r = 0; r < ms[j].rows(); r += chunk) {
                tasks.add(new int[] {j, r, Math.min(ms[j].rows(), r + chunk)});
            }
        }
        pool.run(tasks.size(), t -> {
            int[] tk = tasks.get(t);
            Matrix mm = ms[tk[0]];
            mm.matmul(input, outs[tk[0]], mm.rows(), tk[1], tk[2]);
        });
    }

    private void rotate(float[] buf, int off, int angleOff, int half) {
        for (int i = 0; i < half; i++) {
            float c = cos[angleOff + i], sn = sin[angleOff + i];
            float x1 = buf[off + i];
            float x2 = buf[off + i + half];
            buf[off + i] = x1 * c - x2 * sn;
            buf[off + i + half] = x2 * c + x1 * sn;
        }
    }

    /** HF RMSNorm: x * rsqrt(mean(x²) + eps) * w. */
    static void rmsNorm(float[] in, int inOff, float[] w, float[] out, int outOff, int d, float eps) {
        double ss = 0;
        for (int i = 0; i < d; i++) {
            float f = in[inOff + i];
            ss += (double) f * f;
        }
        float inv = (float) (1.0 / Math.sqrt(ss / d + eps));
        for (int i = 0; i < d; i++) {
            out[outOff + i] = (in[inOff + i] * inv) * w[i];
        }
    }

    private static void addInPlace(float[] a, float[] b, int len) {
        for (int i = 0; i < len; i++) {
            a[i] += b[i];
        }
    }

    private static float dot(float[] a, int ao, float[] b, int bo, int len) {
        int i = 0;
        float sum = 0;
        if (len % F.length() == 0) {
            FloatVector acc = FloatVector.zero(F);
            for (; i < len; i += F.length()) {
                acc = FloatVector.fromArray(F, a, ao + i).fma(FloatVector.fromArray(F, b, bo + i), acc);
            }
            return Lanes.sum(acc);
        }
        for (; i < len; i++) {
            sum += a[ao + i] * b[bo + i];
        }
        return sum;
    }

    private static void axpy(float alpha, float[] src, int so, float[] dst, int dOff, int len) {
        if (len % F.length() == 0) {
            FloatVector a = FloatVector.broadcast(F, alpha);
            for (int i = 0; i < len; i += F.length()) {
                FloatVector.fromArray(F, src, so + i)
                        .fma(a, FloatVector.fromArray(F, dst, dOff + i))
                        .intoArray(dst, dOff + i);
            }
            return;
        }
        for (int i = 0; i < len; i++) {
            dst[dOff + i] += alpha * src[so + i];
        }
    }
}
