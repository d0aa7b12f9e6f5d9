package dev.hcxmesh.model.hub;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the Hugging Face cache is and whether downloads are allowed, following the {@code
 * huggingface_hub} environment variables.
 *
 * @param cacheDir {@code $HF_HUB_CACHE}, else {@code $HF_HOME/hub}, else {@code ~/.cache/huggingface/hub}
 * @param allowDownload {@code HCX_ALLOW_DOWNLOAD=1} (and not {@code HF_HUB_OFFLINE=1})
 * @param endpoint {@code $HF_ENDPOINT}, default {@code https://huggingface.co}
 * @param token {@code $HF_TOKEN} sent as a bearer token, or null
 */
public record HubSettings(Path cacheDir, boolean allowDownload, URI endpoint, String token) {
    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");

    /** From the process environment and {@code user.home}. */
    public static HubSettings fromEnvironment() {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** From an explicit environment (tests). */
    public static HubSettings fromEnvironment(Map<String, String> env, Path home) {
        Path cache;
        if (notBlank(env.get("HF_HUB_CACHE"))) {
            cache = Path.of(env.get("HF_HUB_CACHE"));
        } else if (notBlank(env.get("HF_HOME"))) {
            cache = Path.of(env.get("HF_HOME")).resolve("hub");
        } else {
            cache = home.resolve(".cache").resolve("huggingface").resolve("hub");
        }
        boolean offline = truthy(env.get("HF_HUB_OFFLINE"));
        boolean allow = truthy(env.get("HCX_ALLOW_DOWNLOAD")) && !offline;
        URI endpoint = notBlank(env.get("HF_ENDPOINT")) ? URI.create(env.get("HF_ENDPOINT")) : DEFAULT_ENDPOINT;
        String token = notBlank(env.get("HF_TOKEN")) ? env.get("HF_TOKEN").strip() : null;
        return new HubSettings(cache, allow, endpoint, token);
    }

    public HubSettings withAllowDownload(boolean v) {
        return new HubSettings(cacheDir, v, endpoint, token);
    }

    @Override
    public String toString() {
        // never print the token
        return "HubSettings[cacheDir=" + cacheDir + ", allowDownload=" + allowDownload + ", endpoint=" + endpoint
                + ", token=" + (token == null ? "none" : "set") + "]";
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static boolean truthy(String s) {
        return s != null && (s.equals("1") || s.equalsIgnoreCase("true") || s.equalsIgnoreCase("yes"));
    }
}
