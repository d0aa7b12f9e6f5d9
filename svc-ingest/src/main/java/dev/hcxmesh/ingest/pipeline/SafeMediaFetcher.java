package dev.hcxmesh.ingest.pipeline;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.common.MeshException;
import dev.hcxmesh.ingest.IngestException;
import dev.hcxmesh.ingest.config.IngestConfig;
import dev.hcxmesh.ingest.fetch.FetchConfig;
import dev.hcxmesh.ingest.fetch.SafeUrlFetcher;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.HashSet;
import java.util.List;

/** URL media through the SSRF-guarded fetcher, configured from {@code hcx.ingest.url.*}. */
@ApplicationScoped
public class SafeMediaFetcher implements MediaFetcher {

    @Inject
    IngestConfig config;

    private SafeUrlFetcher fetcher;

    @PostConstruct
    void init() {
        var url = config.url();
        fetcher = new SafeUrlFetcher(new FetchConfig(
                new HashSet<>(url.schemes()),
                new HashSet<>(url.allowHosts().orElse(List.of())),
                new HashSet<>(url.allowPrivateHosts().orElse(List.of())),
                url.allowPrivate(),
                config.limits().maxBytes(),
                url.maxRedirects(),
                url.connectTimeout(),
                url.totalTimeout()));
    }

    /** The guarded fetcher itself (live streams vet their hosts with it). */
    public SafeUrlFetcher urlFetcher() {
        return fetcher;
    }

    @Override
    public byte[] fetch(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new MeshException(ErrorCode.URL_REFUSED, "ingest", "not a URL: " + url);
        }
        try {
            return fetcher.fetch(uri).bytes();
        } catch (IngestException e) {
            throw new MeshException(e.code(), "ingest", e.getMessage(), e.facts(), e);
        }
    }
}
