package dev.hcxmesh.model.prompt;

import dev.hcxmesh.model.tokenizer.BpeTokenizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Conversation to prompt ids for one checkpoint: renders through the checkpoint's chat template when
 * it has one (else {@link HcxPromptRenderer}), tokenizes, and expands the visual placeholders.
 */
public final class HcxPromptBuilder {
    private final BpeTokenizer tokenizer;
    private final Optional<ChatTemplate> template;
    private final int imageTokenId;
    private final int videoTokenId;
    private final int[] stopTokenIds;

    /** A builder over a tokenizer and an optional chat template. */
    public HcxPromptBuilder(BpeTokenizer tokenizer, Optional<ChatTemplate> template) {
        this.tokenizer = tokenizer;
        this.template = template;
        this.imageTokenId = tokenizer.requireId(SpecialTokens.IMAGE_PLACEHOLDER);
        this.videoTokenId = tokenizer.requireId(SpecialTokens.VIDEO_PLACEHOLDER);
        this.stopTokenIds = SpecialTokens.STOP_STRINGS.stream()
                .mapToInt(tokenizer::idOf)
                .filter(id -> id >= 0)
                .toArray();
    }

    /** Loads tokenizer.json and the chat template of a checkpoint directory. */
    public static HcxPromptBuilder load(Path checkpointDir) {
        return new HcxPromptBuilder(BpeTokenizer.load(checkpointDir), ChatTemplate.fromCheckpoint(checkpointDir));
    }

    /** The prompt text. */
    public String render(Conversation conversation, PromptOptions options) {
        return template.map(t -> t.render(conversation, options))
                .orElseGet(() -> HcxPromptRenderer.render(conversation, options));
    }

    /** Prompt ids with one placeholder per image/video (before expansion). */
    public int[] encode(Conversation conversation, PromptOptions options) {
        return tokenizer.encode(render(conversation, options));
    }

    /**
     * Prompt ids with every placeholder expanded.
     *
     * @param tokensPerItem Q of each image/video in prompt order, from {@code VisualTokens}
     */
    public PromptTokens.Expansion encodeExpanded(
            Conversation conversation, PromptOptions options, List<Integer> tokensPerItem) {
        return PromptTokens.expand(encode(conversation, options), imageTokenId, videoTokenId, tokensPerItem);
    }

    /** Id of the image placeholder. */
    public int imageTokenId() {
        return imageTokenId;
    }

    /** Id of the video placeholder. */
    public int videoTokenId() {
        return videoTokenId;
    }

    /** Ids of the stop strings present in the vocabulary ({@code <|endofturn|>}, {@code <|stop|>}, {@code <|im_end|>}). */
    public int[] stopTokenIds() {
        return stopTokenIds.clone();
    }

    /** The tokenizer. */
    public BpeTokenizer tokenizer() {
        return tokenizer;
    }
}
