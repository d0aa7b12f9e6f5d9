package dev.hcxmesh.ingest.fetch;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Limits and policy for {@link SafeUrlFetcher}; the service maps it from its {@code @ConfigMapping}.
 *
 * @param schemes allowed URL schemes (lower case), by default {@code http} and {@code https}
 * @param allowedHosts host allow-list; empty allows any host. Entries match exactly, or
 *     {@code *.example.com} matches any sub-domain
 * @param privateAllowedHosts hosts that may resolve to private, loopback or link-local addresses
 *     (an internal media store); empty by default
 * @param allowPrivate allow every non-public target (private, loopback, link-local, metadata); off
 *     by default, tests and trusted deployments only
 * @param maxBytes body size limit; reading stops past it
 * @param maxRedirects redirect hops followed, each re-checked
 * @param connectTimeout per TCP connect (and DNS lookup)
 * @param totalTimeout whole fetch, redirects included
 */
public record FetchConfig(
        Set<String> schemes,
        Set<String> allowedHosts,
        Set<String> privateAllowedHosts,
        boolean allowPrivate,
        long maxBytes,
        int maxRedirects,
        Duration connectTimeout,
        Duration totalTimeout) {

    public FetchConfig {
        schemes = lower(schemes);
        allowedHosts = lower(allowedHosts);
        privateAllowedHosts = lower(privateAllowedHosts);
        if (schemes.isEmpty()) {
            throw new IllegalArgumentException("at least one scheme must be allowed");
        }
        for (String s : schemes) {
            if (!s.equals("http") && !s.equals("https")) {
                throw new IllegalArgumentException("fetcher speaks http/https only, got scheme " + s);
            }
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be > 0, got " + maxBytes);
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects must be >= 0, got " + maxRedirects);
        }
        positive(connectTimeout, "connectTimeout");
        positive(totalTimeout, "totalTimeout");
    }

    /** Defaults: http(s), any public host, 64 MiB, 5 redirects, 5 s connect, 30 s total. */
    public static FetchConfig defaults() {
        return new FetchConfig(
                Set.of("http", "https"),
                Set.of(),
                Set.of(),
                false,
                64L << 20,
                5,
                Duration.ofSeconds(5),
                Duration.ofSeconds(30));
    }

    public FetchConfig withAllowPrivate(boolean allow) {
        return new FetchConfig(
                schemes,
                allowedHosts,
                privateAllowedHosts,
                allow,
                maxBytes,
                maxRedirects,
                connectTimeout,
                totalTimeout);
    }

    public FetchConfig withAllowedHosts(Set<String> hosts) {
        return new FetchConfig(
                schemes,
                hosts,
                privateAllowedHosts,
                allowPrivate,
                maxBytes,
                maxRedirects,
                connectTimeout,
                totalTimeout);
    }

    public FetchConfig withPrivateAllowedHosts(Set<String> hosts) {
        return new FetchConfig(
                schemes, allowedHosts, hosts, allowPrivate, maxBytes, maxRedirects, connectTimeout, totalTimeout);
    }

    public FetchConfig withMaxBytes(long bytes) {
        return new FetchConfig(
                schemes,
                allowedHosts,
                privateAllowedHosts,
                allowPrivate,
                bytes,
                maxRedirects,
                connectTimeout,
                totalTimeout);
    }

    public FetchConfig withTimeouts(Duration connect, Duration total) {
        return new FetchConfig(
                schemes, allowedHosts, privateAllowedHosts, allowPrivate, maxBytes, maxRedirects, connect, total);
    }

    /** True when {@code host} passes the allow-list (or the list is empty). */
    public boolean hostAllowed(String host) {
        return allowedHosts.isEmpty() || matches(allowedHosts, host);
    }

    /** True when {@code host} may resolve to a non-public address. */
    public boolean privateAllowedFor(String host) {
        return allowPrivate || matches(privateAllowedHosts, host);
    }

    private static boolean matches(Set<String> patterns, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String p : patterns) {
            if (p.equals(h) || (p.startsWith("*.") && h.endsWith(p.substring(1)))) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> lower(Set<String> in) {
        return Objects.requireNonNull(in).stream()
                .map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, got " + d);
        }
    }
}
