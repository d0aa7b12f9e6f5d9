package dev.hcxmesh.ocrlens.lens;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Builds the HCX prompt fields {@code lens_keywords} and {@code lens_local_keywords} (HCX-MODEL-SPEC §6.2).
 *
 * <ul>
 *   <li>{@code lens_keywords}: entity names joined with {@code ", "}, e.g. {@code "Gucci Ophidia, cross
 *       bag"}; every keyword (boxed or not), each name once (first occurrence wins).
 *   <li>{@code lens_local_keywords}: {@code "[x1, y1, x2, y2] name"} items joined with {@code ", "}, boxes
 *       with 2 decimals ({@link Locale#ROOT}, half-up as {@link String#format}), e.g. {@code "[0.07, 0.21,
 *       0.92, 0.90] Gucci Ophidia"}; only keywords with a box, each (name, formatted box) once.
 * </ul>
 *
 * <p>Order: raster. {@link #rasterOrder} groups boxed keywords into rows (a keyword joins the current row
 * when its vertical centre lies inside the row's first box), rows top to bottom, left to right inside a row;
 * keywords without a box follow in their input order. Both strings are empty when there are no keywords.
 */
public final class LensFormatter {

    private LensFormatter() {}

    /** The {@code lens_keywords} string. */
    public static String lensKeywords(List<LensKeyword> keywords) {
        Set<String> names = new LinkedHashSet<>();
        for (LensKeyword k : rasterOrder(keywords)) {
            names.add(k.text());
        }
        return String.join(", ", names);
    }

    /** The {@code lens_local_keywords} string. */
    public static String lensLocalKeywords(List<LensKeyword> keywords) {
        Set<String> items = new LinkedHashSet<>();
        for (LensKeyword k : rasterOrder(keywords)) {
            if (k.hasBox()) {
                items.add(formatBox(k.box()) + " " + k.text());
            }
        }
        StringJoiner j = new StringJoiner(", ");
        items.forEach(j::add);
        return j.toString();
    }

    /** {@code "[0.07, 0.21, 0.92, 0.90]"}. */
    public static String formatBox(float[] b) {
        return String.format(Locale.ROOT, "[%.2f, %.2f, %.2f, %.2f]", b[0], b[1], b[2], b[3]);
    }

    /** Boxed keywords in raster order (rows top-down, then left-right), then unboxed ones as given. */
    public static List<LensKeyword> rasterOrder(List<LensKeyword> keywords) {
        List<LensKeyword> boxed = new ArrayList<>();
        List<LensKeyword> unboxed = new ArrayList<>();
        for (LensKeyword k : keywords) {
            (k.hasBox() ? boxed : unboxed).add(k);
        }
        boxed.sort(Comparator.comparingDouble((LensKeyword k) -> k.box()[1]).thenComparingDouble(k -> k.box()[0]));
        List<LensKeyword> out = new ArrayList<>(keywords.size());
        int i = 0;
        while (i < boxed.size()) {
            float[] head = boxed.get(i).box();
            int j = i + 1;
            while (j < boxed.size()) {
                float[] b = boxed.get(j).box();
                float cy = (b[1] + b[3]) / 2;
                if (cy > head[3]) {
                    break;
                }
                j++;
            }
            List<LensKeyword> row = new ArrayList<>(boxed.subList(i, j));
            row.sort(Comparator.comparingDouble(k -> k.box()[0]));
            out.addAll(row);
            i = j;
        }
        out.addAll(unboxed);
        return out;
    }
}
