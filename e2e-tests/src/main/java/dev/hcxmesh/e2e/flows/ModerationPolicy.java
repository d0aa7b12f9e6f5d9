package dev.hcxmesh.e2e.flows;

import dev.hcxmesh.api.v1.JobResult;
import dev.hcxmesh.events.v1.ModerationDecision;
import dev.hcxmesh.events.v1.ModerationEvidence;
import dev.hcxmesh.events.v1.ModerationLabel;
import dev.hcxmesh.events.v1.ModerationVerdict;
import java.util.Comparator;
import java.util.List;

/**
 * Maps a {@link JobResult} to a {@link ModerationDecision}: the highest-confidence harmful label
 * decides — at or above {@code blockAt} BLOCK, at or above {@code restrictAt} RESTRICT, at or above
 * {@code reviewAt} HUMAN_REVIEW, else ALLOW. An error result or an answer that does not match
 * {@link ModerationLabels#SCHEMA} is decided by {@code failOpen}: ALLOW when open, BLOCK when closed
 * (both marked {@code failed}). Pure: the same result and policy give the same decision.
 *
 * @param blockAt confidence at or above which a harmful label blocks
 * @param restrictAt confidence at or above which a harmful label restricts
 * @param reviewAt confidence at or above which a harmful label goes to a human
 * @param failOpen ALLOW (true) or BLOCK (false) when the result is an error
 * @param prompt the policy prompt sent with the media
 * @param version a name for this policy, copied to every decision
 */
public record ModerationPolicy(
        double blockAt, double restrictAt, double reviewAt, boolean failOpen, String prompt, String version) {

    public static final String DEFAULT_PROMPT =
            """
            You are a content moderator. Classify the media (and any text in it) for violence, nudity, \
            hate and spam. Answer only with JSON: {"labels":[{"label":..., "confidence":0..1}]}; \
            use the label "none" when nothing applies.""";

    public ModerationPolicy {
        if (!(0 <= reviewAt && reviewAt <= restrictAt && restrictAt <= blockAt && blockAt <= 1)) {
            throw new IllegalArgumentException(
                    "thresholds: expected 0 <= review <= restrict <= block <= 1, found review=" + reviewAt
                            + " restrict=" + restrictAt + " block=" + blockAt);
        }
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("policy prompt: expected text, found none");
        }
        version = version == null || version.isBlank() ? "default" : version;
    }

    /** block 0.85, restrict 0.6, review 0.35, the default prompt, fail-closed. */
    public static ModerationPolicy defaults() {
        return new ModerationPolicy(0.85, 0.6, 0.35, false, DEFAULT_PROMPT, "v1");
    }

    public ModerationPolicy withFailOpen(boolean open) {
        return new ModerationPolicy(blockAt, restrictAt, reviewAt, open, prompt, version);
    }

    /** The decision for one result. */
    public ModerationDecision decide(String requestId, JobResult result, long nowMs) {
        var b = ModerationDecision.newBuilder()
                .setRequestId(requestId)
                .setPolicyVersion(version)
                .setDecidedUnixMs(nowMs)
                .setEvidence(ModerationEvidence.newBuilder()
                        .setChunkStartMs(result.getChunkStartMs())
                        .setChunkEndMs(result.getChunkEndMs())
                        .setOcr(result.getOcr())
                        .setModelText(result.getText())
                        .setModelRevision(result.getModelRevision())
                        .setRandomWeights(result.getRandomWeights()));
        if ("error".equals(result.getFinishReason())
                || !result.getError().getMessage().isEmpty()) {
            return failed(
                            b,
                            "result error: " + result.getError().getCode() + " "
                                    + result.getError().getMessage())
                    .setError(result.getError())
                    .build();
        }
        List<ModerationLabel> labels;
        try {
            labels = ModerationLabels.parse(result.getText());
        } catch (ModerationLabels.UnparseableException e) {
            return failed(b, e.getMessage()).build();
        }
        b.addAllLabels(labels);
        var worst = labels.stream()
                .filter(l -> !"none".equals(l.getLabel()))
                .max(Comparator.comparingDouble(ModerationLabel::getConfidence));
        if (worst.isEmpty()) {
            return b.setVerdict(ModerationVerdict.ALLOW)
                    .setReason("no harmful label")
                    .build();
        }
        ModerationLabel w = worst.get();
        double c = w.getConfidence();
        ModerationVerdict verdict;
        String rule;
        if (c >= blockAt) {
            verdict = ModerationVerdict.BLOCK;
            rule = ">= block " + blockAt;
        } else if (c >= restrictAt) {
            verdict = ModerationVerdict.RESTRICT;
            rule = ">= restrict " + restrictAt;
        } else if (c >= reviewAt) {
            verdict = ModerationVerdict.HUMAN_REVIEW;
            rule = ">= review " + reviewAt;
        } else {
            verdict = ModerationVerdict.ALLOW;
            rule = "< review " + reviewAt;
        }
        return b.setVerdict(verdict)
                .setReason(String.format(java.util.Locale.ROOT, "%s %.2f %s", w.getLabel(), c, rule))
                .build();
    }

    private ModerationDecision.Builder failed(ModerationDecision.Builder b, String why) {
        return b.setFailed(true)
                .setVerdict(failOpen ? ModerationVerdict.ALLOW : ModerationVerdict.BLOCK)
                .setReason((failOpen ? "fail-open: " : "fail-closed: ") + why);
    }
}
