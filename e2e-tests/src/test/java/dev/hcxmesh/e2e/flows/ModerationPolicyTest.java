package dev.hcxmesh.e2e.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcxmesh.api.v1.ErrorDetail;
import dev.hcxmesh.api.v1.JobResult;
import dev.hcxmesh.events.v1.ModerationVerdict;
import org.junit.jupiter.api.Test;

class ModerationPolicyTest {
    static final ModerationPolicy CLOSED = ModerationPolicy.defaults();
    static final ModerationPolicy OPEN = CLOSED.withFailOpen(true);

    static JobResult answer(String text) {
        return JobResult.newBuilder()
                .setFinishReason("stop")
                .setText(text)
                .setOcr("SALE 50%")
                .setChunkStartMs(1000)
                .setChunkEndMs(3000)
                .build();
    }

    static ModerationVerdict verdict(ModerationPolicy p, String text) {
        return p.decide("mod-1", answer(text), 7).getVerdict();
    }

    @Test
    void highestHarmfulConfidenceDecidesByThreshold() {
        assertThat(verdict(CLOSED, "{\"labels\":[{\"label\":\"violence\",\"confidence\":0.9}]}"))
                .isEqualTo(ModerationVerdict.BLOCK);
        assertThat(verdict(CLOSED, "{\"labels\":[{\"label\":\"spam\",\"confidence\":0.7}]}"))
                .isEqualTo(ModerationVerdict.RESTRICT);
        assertThat(verdict(CLOSED, "{\"labels\":[{\"label\":\"hate\",\"confidence\":0.4}]}"))
                .isEqualTo(ModerationVerdict.HUMAN_REVIEW);
        assertThat(verdict(CLOSED, "{\"labels\":[{\"label\":\"nudity\",\"confidence\":0.1}]}"))
                .isEqualTo(ModerationVerdict.ALLOW);
        assertThat(
                        verdict(
                                CLOSED,
                                "{\"labels\":[{\"label\":\"none\",\"confidence\":0.99},{\"label\":\"spam\",\"confidence\":0.86}]}"))
                .isEqualTo(ModerationVerdict.BLOCK);
        assertThat(verdict(CLOSED, "{\"labels\":[{\"label\":\"none\",\"confidence\":0.99}]}"))
                .isEqualTo(ModerationVerdict.ALLOW);
    }

    @Test
    void decisionCarriesLabelsAndEvidence() {
        var d = CLOSED.decide("mod-1", answer("{\"labels\":[{\"label\":\"spam\",\"confidence\":0.7}]}"), 7);
        assertThat(d.getLabelsList()).singleElement().satisfies(l -> assertThat(l.getLabel())
                .isEqualTo("spam"));
        assertThat(d.getEvidence().getOcr()).isEqualTo("SALE 50%");
        assertThat(d.getEvidence().getChunkStartMs()).isEqualTo(1000);
        assertThat(d.getEvidence().getChunkEndMs()).isEqualTo(3000);
        assertThat(d.getReason()).startsWith("spam 0.70").contains("restrict");
        assertThat(d.getFailed()).isFalse();
    }

    @Test
    void unparseableOrErrorResultsFailOpenOrClosed() {
        for (String bad : new String[] {
            "not json",
            "{\"labels\":[]}",
            "{\"labels\":[{\"label\":\"gore\",\"confidence\":0.5}]}",
            "{\"labels\":[{\"label\":\"spam\",\"confidence\":1.5}]}"
        }) {
            var closed = CLOSED.decide("mod-1", answer(bad), 7);
            assertThat(closed.getFailed()).as(bad).isTrue();
            assertThat(closed.getVerdict()).isEqualTo(ModerationVerdict.BLOCK);
            assertThat(OPEN.decide("mod-1", answer(bad), 7).getVerdict()).isEqualTo(ModerationVerdict.ALLOW);
        }
        var error = JobResult.newBuilder()
                .setFinishReason("error")
                .setError(ErrorDetail.newBuilder().setMessage("decoder down"))
                .build();
        var d = OPEN.decide("mod-2", error, 7);
        assertThat(d.getFailed()).isTrue();
        assertThat(d.getVerdict()).isEqualTo(ModerationVerdict.ALLOW);
        assertThat(d.getError().getMessage()).isEqualTo("decoder down");
        assertThat(d.getReason()).startsWith("fail-open");
    }

    @Test
    void thresholdsMustBeOrdered() {
        assertThatThrownBy(() -> new ModerationPolicy(0.5, 0.6, 0.1, false, "p", "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("review <= restrict <= block");
    }
}
