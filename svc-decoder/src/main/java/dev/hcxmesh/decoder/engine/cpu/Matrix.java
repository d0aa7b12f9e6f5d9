package dev.hcxmesh.decoder.engine.cpu;

import dev.hcxmesh.model.tensor.Tensor;

/**
 * A weight matrix {@code [rows, cols]} (PyTorch {@code [out, in]}) in one {@link WeightFormat}, with
 * a batched matrix-vector kernel. Every output element is computed with the same accumulation order
 * whatever the batch size or row range, so results do not depend on how requests are batched or how
 * rows are split over threads.
 */
public sealed interface Matrix permits F32Matrix, Bf16Matrix, Q8Matrix, Q4Matrix {

    /** Columns must be a multiple of this (the quantisation block and the kernel's unroll). */
    int BLOCK = 32;

    int rows();

    int cols();

    WeightFormat format();

    /** Bytes streamed by one full pass over the matrix. */
    long bytes();

    /**
     * For every input {@code b < n} and row {@code r0 <= r < r1}: {@code out[b*outStride + r] = W[r,:]
     * · x[b*cols .. (b+1)*cols)}. Inputs {@code x} are {@code [n, cols]}.
     */
    void matmul(Activations in, float[] out, int outStride, int r0, int r1);

    /**
     * Called once per {@link #matmul} call site before the threads split its rows: a format that reads
     * a derived form of the inputs builds it here, so no thread waits on another for it.
     */
    default void prepare(Activations in) {}

    /** {@link #matmul(Activations, float[], int, int, int)} on inputs {@code x [n, cols]}. */
    default void matmul(float[] x, int n, float[] out, int outStride, int r0, int r1) {
        matmul(new Activations(x, n, cols()), out, outStride, r0, r1);
    }

    /** Dequantises row {@code r} into {@code dst[off .. off+cols)} (embedding lookup). */
    void row(int r, float[] dst, int off);

    /** Converts or quantises a checkpoint tensor {@code [rows, cols]}. */
    static Matrix from(Tensor t, WeightFormat format) {
        if (t.rank() != 2) {
            throw new IllegalArgumentException("tensor " + t.name() + " must be 2-D, found " + t);
        }
        int rows = Math.toIntExact(t.dim(0));
        int cols = Math.toIntExact(t.dim(1));
        checkShape(t.name(), rows, cols);
        return switch (format) {
            case F32 -> F32Matrix.from(t, rows, cols);
            case BF16 -> Bf16Matrix.from(t, rows, cols);
            case Q8_0 -> Q8Matrix.quantize(rows, cols, (r, buf) -> readRow(t, r, cols, buf));
            case Q4_0 -> Q4Matrix.quantize(rows, cols, (r, buf) -> readRow(t, r, cols, buf));
        };
    }

    /** Validates dimensions for any format. */
    static void checkShape(String name, int rows, int cols) {
        if (rows <= 0 || cols <= 0 || cols % BLOCK != 0) {
            throw new IllegalArgumentException("matrix " + name + " [" + rows + ", " + cols
                    + "]: columns must be a positive multiple of " + BLOCK);
        }
        if ((long) rows * cols > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("matrix " + name + " [" + rows + ", " + cols + "] is too large");
        }
    }

    /** Reads row {@code r} of a 2-D tensor as floats. */
    static void readRow(Tensor t, int r, int cols, float[] buf) {
        long base = (long) r * cols;
        for (int c = 0; c < cols; c++) {
            buf[c] = t.getFloat(base + c);
        }
    }

    /** Supplies one row of source values at a time (used when quantising). */
    @FunctionalInterface
    interface RowSource {
        void read(int row, float[] buf);
    }
}
