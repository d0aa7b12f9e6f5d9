package dev.hcxmesh.model.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcxmesh.model.tokens.VisualTokens;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptTokensTest {

    private static final int IMG = 100271;
    private static final int VID = 100270;

    @Test
    void expandsEachPlaceholderAndReportsStarts() {
        int q1 = VisualTokens.imageTokens(512, 512); // 423 (spec §9)
        int q2 = VisualTokens.videoTokens(32); // 576
        int q3 = VisualTokens.imageTokens(100, 100);
        int[] ids = {1, 2, IMG, 3, VID, 4, 5, IMG};
        PromptTokens.Expansion x = PromptTokens.expand(ids, IMG, VID, List.of(q1, q2, q3));
        assertThat(q1).isEqualTo(423);
        assertThat(x.ids()).hasSize(5 + q1 + q2 + q3);
        assertThat(x.itemStarts()).containsExactly(2, 2 + q1 + 1, 2 + q1 + 1 + q2 + 2);
        assertThat(x.itemLengths()).containsExactly(q1, q2, q3);
        assertThat(x.ids()[0]).isEqualTo(1);
        assertThat(x.ids()[1]).isEqualTo(2);
        for (int k = 0; k < 3; k++) {
            int id = k == 1 ? VID : IMG;
            for (int i = 0; i < x.itemLengths()[k]; i++) {
                assertThat(x.ids()[x.itemStarts()[k] + i]).isEqualTo(id);
            }
        }
        assertThat(x.ids()[x.itemStarts()[0] + q1]).isEqualTo(3);
        assertThat(x.ids()[x.itemStarts()[1] + q2]).isEqualTo(4);
        assertThat(x.ids()[x.ids().length - 1]).isEqualTo(IMG);
    }

    @Test
    void noPlaceholdersIsIdentity() {
        PromptTokens.Expansion x = PromptTokens.expand(new int[] {5, 6}, IMG, VID, List.of());
        assertThat(x.ids()).containsExactly(5, 6);
        assertThat(x.items()).isZero();
    }

    @Test
    void countMismatchIsATypedError() {
        assertThatThrownBy(() -> PromptTokens.expand(new int[] {IMG, IMG}, IMG, VID, List.of(81)))
                .hasMessageContaining("expected 1 (one per item), found 2");
        assertThatThrownBy(() -> PromptTokens.expand(new int[] {IMG}, IMG, VID, List.of(0)))
                .hasMessageContaining("expected at least 1 token, found 0");
    }
}
