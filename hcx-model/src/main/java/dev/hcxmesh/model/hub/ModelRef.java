package dev.hcxmesh.model.hub;

import java.util.regex.Pattern;

/**
 * A Hugging Face model id with an optional revision: {@code org/name[@revision]}.
 *
 * @param org owner ({@code naver-hyperclovax})
 * @param name repository name ({@code HyperCLOVAX-SEED-Vision-Instruct-3B})
 * @param revision branch, tag or 40-hex commit; {@code main} when the reference has none
 */
public record ModelRef(String org, String name, String revision) {
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");

    public ModelRef {
        if (!PART.matcher(org).matches() || !PART.matcher(name).matches()) {
            throw new IllegalArgumentException("not a Hugging Face model id: " + org + "/" + name);
        }
        if (revision.isEmpty() || revision.contains("..") || revision.startsWith("/")) {
            throw new IllegalArgumentException("bad revision \"" + revision + "\"");
        }
    }

    /** Parses {@code org/name[@revision]}; anything else is an {@link IllegalArgumentException}. */
    public static ModelRef parse(String ref) {
        String id = ref;
        String rev = "main";
        int at = ref.indexOf('@');
        if (at >= 0) {
            id = ref.substring(0, at);
            rev = ref.substring(at + 1);
        }
        String[] parts = id.split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("not a Hugging Face model id (org/name[@revision]): " + ref);
        }
        return new ModelRef(parts[0], parts[1], rev);
    }

    public String repoId() {
        return org + "/" + name;
    }

    /** The cache folder name: {@code models--org--name}. */
    public String cacheFolderName() {
        return "models--" + org + "--" + name;
    }

    /** True when the revision is already a commit hash. */
    public boolean revisionIsCommit() {
        return SHA.matcher(revision).matches();
    }

    @Override
    public String toString() {
        return repoId() + "@" + revision;
    }
}
