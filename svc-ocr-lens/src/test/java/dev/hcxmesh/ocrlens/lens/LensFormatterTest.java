package dev.hcxmesh.ocrlens.lens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LensFormatterTest {

    static LensKeyword k(String t, float... box) {
        return new LensKeyword(t, box.length == 0 ? null : box, "product", 0.9f);
    }

    @Test
    void specExampleStrings() {
        List<LensKeyword> ks = List.of(
                k("cross bag", 0.5f, 0.6f, 0.7f, 0.8f),
                k("Gucci Ophidia", 0.07f, 0.21f, 0.92f, 0.904f),
                k("Supreme shoulder bag"));
        assertThat(LensFormatter.lensKeywords(ks)).isEqualTo("Gucci Ophidia, cross bag, Supreme shoulder bag");
        assertThat(LensFormatter.lensLocalKeywords(ks))
                .isEqualTo("[0.07, 0.21, 0.92, 0.90] Gucci Ophidia, [0.50, 0.60, 0.70, 0.80] cross bag");
    }

    @Test
    void rasterOrderGroupsRowsThenLeftToRight() {
        List<LensKeyword> ks = List.of(
                k("C", 0.1f, 0.52f, 0.2f, 0.6f),
                k("B", 0.6f, 0.12f, 0.7f, 0.2f), // same row as A (slightly lower top)
                k("A", 0.1f, 0.10f, 0.2f, 0.2f));
        assertThat(LensFormatter.rasterOrder(ks)).extracting(LensKeyword::text).containsExactly("A", "B", "C");
    }

    @Test
    void dedupesNamesAndLocalItems() {
        List<LensKeyword> ks = List.of(
                k("logo", 0.1f, 0.1f, 0.2f, 0.2f),
                k("logo", 0.1f, 0.1f, 0.2f, 0.2f),
                k("logo", 0.5f, 0.5f, 0.6f, 0.6f));
        assertThat(LensFormatter.lensKeywords(ks)).isEqualTo("logo");
        assertThat(LensFormatter.lensLocalKeywords(ks))
                .isEqualTo("[0.10, 0.10, 0.20, 0.20] logo, [0.50, 0.50, 0.60, 0.60] logo");
        assertThat(LensFormatter.lensKeywords(List.of())).isEmpty();
        assertThat(LensFormatter.lensLocalKeywords(List.of(k("x")))).isEmpty();
    }

    @Test
    void keywordValidation() {
        assertThatThrownBy(() -> k("bad", 0.5f, 0.5f, 0.4f, 0.6f)).hasMessageContaining("x1 <= x2");
        assertThatThrownBy(() -> k("bad", 0f, 0f, 1.5f, 1f)).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> new LensKeyword(" \n", null, "x", 0.5f)).hasMessageContaining("blank");
        assertThat(new LensKeyword("two\nlines", null, "x", 0.5f).text()).isEqualTo("two lines");
    }
}
