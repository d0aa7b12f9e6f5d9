package dev.hcxmesh.contracts;

/** Version of the internal event schema, written into every {@code Meta.schema_version}. */
public final class Schema {
    private Schema() {}

    /** Bump when an event changes meaning; consumers reject versions newer than they know. */
    public static final int VERSION = 1;
}
