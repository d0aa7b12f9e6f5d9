package dev.hcxmesh.decoder.api;

import java.util.List;

/**
 * Renders chat turns into prompt token ids (ChatML per spec §6), ending with the generation prompt
 * {@code <|im_start|>assistant\n}. The lead plugs the full HCX prompt builder in here; {@link
 * ChatMlRenderer} is the simple default.
 */
@FunctionalInterface
public interface PromptRenderer {

    /** @throws IllegalArgumentException for an unusable conversation (empty, unknown part) */
    RenderedPrompt render(List<ChatTurn> turns);
}
