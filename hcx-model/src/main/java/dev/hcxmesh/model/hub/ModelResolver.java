package dev.hcxmesh.model.hub;

import dev.hcxmesh.model.checkpoint.CheckpointException;
import dev.hcxmesh.model.checkpoint.CheckpointException.Kind;
import dev.hcxmesh.model.checkpoint.Safetensors;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a model reference into a local model directory: an existing directory as is, or a Hugging
 * Face id {@code org/name[@revision]} through the hub cache ({@link HubSettings}). Missing files are
 * downloaded only when allowed ({@code HCX_ALLOW_DOWNLOAD=1}); otherwise the error names the missing
 * files and the cache path it checked.
 */
public final class ModelResolver {
    private ModelResolver() {}

    /** Resolves with {@link HubSettings#fromEnvironment()}. */
    public static Path resolve(String modelRef) {
        return resolve(modelRef, HubSettings.fromEnvironment());
    }

    public static Path resolve(String modelRef, HubSettings settings) {
        return resolve(modelRef, settings, HfDownloader.defaultClient());
    }

    /** Resolves with an explicit HTTP client (tests use a loopback server). */
    public static Path resolve(String modelRef, HubSettings settings, java.net.http.HttpClient client) {
        Path asDir = asDirectory(modelRef);
        if (asDir != null) {
            return asDir;
        }
        ModelRef ref;
        try {
            ref = ModelRef.parse(modelRef);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(
                    Kind.NOT_CACHED,
                    "\"" + modelRef
                            + "\" is neither an existing directory nor a Hugging Face id (org/name[@revision])");
        }
        HfCache cache = new HfCache(settings.cacheDir());
        var commit = cache.commitFor(ref);
        List<String> missing;
        Path snapshot = null;
        if (commit.isPresent()) {
            snapshot = cache.snapshotDir(ref, commit.get());
            missing = HfCache.missingFiles(snapshot);
            if (missing.isEmpty()) {
                return snapshot;
            }
        } else {
            missing = List.of("refs/" + ref.revision());
        }
        if (!settings.allowDownload()) {
            throw new CheckpointException(
                    Kind.NOT_CACHED,
                    ref + " is not fully in the local Hugging Face cache: missing " + missing + " under "
                            + (snapshot != null ? snapshot : cache.repoDir(ref)) + " (cache checked: "
                            + cache.root() + "; set HCX_ALLOW_DOWNLOAD=1 to download, or pass a model directory)");
        }
        return download(ref, cache, new HfDownloader(client, settings.endpoint(), settings.token()));
    }

    private static Path download(ModelRef ref, HfCache cache, HfDownloader dl) {
        String commit = ref.revisionIsCommit() ? ref.revision() : null;
        if (commit == null) {
            commit = dl.head(ref, ref.revision(), "config.json")
                    .map(HfDownloader.FileInfo::commit)
                    .orElseThrow(() -> new CheckpointException(
                            Kind.DOWNLOAD_FAILED, ref + ": the hub has no config.json at that revision"));
            if (commit == null || !commit.matches("[0-9a-f]{40}")) {
                throw new CheckpointException(
                        Kind.DOWNLOAD_FAILED, ref + ": the hub did not name a commit (X-Repo-Commit: " + commit + ")");
            }
        }
        for (String f : HfCache.REQUIRED) {
            if (!dl.fetchInto(cache, ref, commit, f)) {
                throw new CheckpointException(Kind.DOWNLOAD_FAILED, ref + " has no " + f);
            }
        }
        for (String f : HfCache.OPTIONAL) {
            dl.fetchInto(cache, ref, commit, f);
        }
        Path snapshot = cache.snapshotDir(ref, commit);
        if (dl.fetchInto(cache, ref, commit, Safetensors.INDEX_FILE)) {
            for (String shard : HfCache.shardsOf(snapshot.resolve(Safetensors.INDEX_FILE))) {
                if (!dl.fetchInto(cache, ref, commit, shard)) {
                    throw new CheckpointException(
                            Kind.DOWNLOAD_FAILED, ref + ": index lists " + shard + " but it is absent");
                }
            }
        } else if (!dl.fetchInto(cache, ref, commit, Safetensors.SINGLE_FILE)) {
            throw new CheckpointException(
                    Kind.DOWNLOAD_FAILED,
                    ref + " has neither " + Safetensors.INDEX_FILE + " nor " + Safetensors.SINGLE_FILE);
        }
        cache.writeRef(ref, commit);
        return snapshot;
    }

    private static Path asDirectory(String modelRef) {
        try {
            Path p = Path.of(modelRef);
            return Files.isDirectory(p) ? p.toAbsolutePath().normalize() : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
