package dev.hcxmesh.model.prompt;

/** Message roles of the HCX ChatML format, with the exact text written after {@code <|im_start|>}. */
public enum Role {
    TOOL_LIST("tool_list"),
    SYSTEM("system"),
    USER("user"),
    ASSISTANT("assistant");

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    /** The role text in the prompt. */
    public String wire() {
        return wire;
    }
}
