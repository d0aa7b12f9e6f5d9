package dev.hcxmesh.model.prompt;

import java.util.List;

/** The special token strings of the HCX prompt format (HCX-MODEL-SPEC §1.5, §6). Ids: look them up by string. */
public final class SpecialTokens {
    private SpecialTokens() {}

    public static final String IM_START = "<|im_start|>";
    public static final String IM_END = "<|im_end|>";
    public static final String END_OF_TURN = "<|endofturn|>";
    public static final String STOP = "<|stop|>";
    public static final String END_OF_TEXT = "<|endoftext|>";

    /** Image placeholder, one per image before expansion (id 100271 in the real vocabulary). */
    public static final String IMAGE_PLACEHOLDER = "<|dummy3|>";

    /** Video placeholder, one per video before expansion (id 100270 in the real vocabulary). */
    public static final String VIDEO_PLACEHOLDER = "<|_unuse_missing_100270|>";

    /** Strings that end generation (plus the configured eos ids). */
    public static final List<String> STOP_STRINGS = List.of(END_OF_TURN, STOP, IM_END);
}
