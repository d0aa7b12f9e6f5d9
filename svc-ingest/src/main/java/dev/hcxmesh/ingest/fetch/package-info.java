/**
 * Fetching user-supplied media URLs safely: {@link dev.hcxmesh.ingest.fetch.SafeUrlFetcher} (SSRF
 * guard, manual redirects, byte and time limits), {@link dev.hcxmesh.ingest.fetch.MediaSniffer}
 * (magic bytes) and {@link dev.hcxmesh.ingest.fetch.AddressPolicy} (target address classes).
 */
package dev.hcxmesh.ingest.fetch;
