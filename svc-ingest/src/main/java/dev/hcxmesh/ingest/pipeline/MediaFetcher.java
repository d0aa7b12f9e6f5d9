package dev.hcxmesh.ingest.pipeline;

/** Fetches media a request names by URL, behind the SSRF guard and the size/time limits. */
public interface MediaFetcher {

    /** @throws dev.hcxmesh.common.MeshException URL_REFUSED, URL_FETCH_FAILED, MEDIA_TOO_LARGE... */
    byte[] fetch(String url);
}
