package dev.hcxmesh.ocrlens;

/** Character accuracy 1 - CER, with CER = Levenshtein(ref, hyp) / |ref| over code points. */
public final class Accuracy {

    private Accuracy() {}

    public static int levenshtein(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        int[] prev = new int[y.length + 1];
        int[] cur = new int[y.length + 1];
        for (int j = 0; j <= y.length; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            cur[0] = i;
            for (int j = 1; j <= y.length; j++) {
                int sub = prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[y.length];
    }

    /** 1 - CER, floored at 0. */
    public static double charAccuracy(String reference, String hypothesis) {
        int n = (int) reference.codePoints().count();
        if (n == 0) {
            return hypothesis.isEmpty() ? 1.0 : 0.0;
        }
        return Math.max(0.0, 1.0 - levenshtein(reference, hypothesis) / (double) n);
    }
}
