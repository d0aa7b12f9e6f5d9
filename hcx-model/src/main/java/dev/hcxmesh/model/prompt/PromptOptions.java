package dev.hcxmesh.model.prompt;

/**
 * Rendering switches.
 *
 * @param emptyToolList put an empty {@code tool_list} block first when the conversation has none
 * @param addGenerationPrompt end with {@code <|im_start|>assistant\n}
 */
public record PromptOptions(boolean emptyToolList, boolean addGenerationPrompt) {
    /** HCX-SEED convention: empty tool_list first, generation prompt at the end. */
    public static final PromptOptions DEFAULT = new PromptOptions(true, true);
}
