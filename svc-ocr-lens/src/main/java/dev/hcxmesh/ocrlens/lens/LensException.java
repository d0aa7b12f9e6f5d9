package dev.hcxmesh.ocrlens.lens;

/** A lens provider failed (remote error, deadline, undecodable input). */
public final class LensException extends RuntimeException {

    private final String provider;

    public LensException(String provider, String message, Throwable cause) {
        super(provider + ": " + message, cause);
        this.provider = provider;
    }

    public String provider() {
        return provider;
    }
}
