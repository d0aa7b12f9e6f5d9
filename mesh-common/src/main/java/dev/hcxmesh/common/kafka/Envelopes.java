package dev.hcxmesh.common.kafka;

import dev.hcxmesh.contracts.Schema;
import dev.hcxmesh.events.v1.Meta;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/** Builds and checks the {@link Meta} every event carries. */
public final class Envelopes {
    private Envelopes() {}

    /** A fresh Meta for a new request, stamped with the current trace context. */
    public static Meta.Builder newMeta(String requestId, String idempotencyKey, String modelRevision) {
        return withTrace(Meta.newBuilder()
                .setSchemaVersion(Schema.VERSION)
                .setRequestId(requestId)
                .setIdempotencyKey(idempotencyKey == null ? "" : idempotencyKey)
                .setModelRevision(modelRevision == null ? "" : modelRevision)
                .setCreatedUnixMs(System.currentTimeMillis()));
    }

    /** The Meta of an event derived from {@code parent}: same request, current trace context. */
    public static Meta child(Meta parent) {
        return withTrace(parent.toBuilder()).build();
    }

    /** Writes the current span's W3C traceparent into the Meta (kept when there is no valid span). */
    public static Meta.Builder withTrace(Meta.Builder meta) {
        SpanContext ctx = Span.current().getSpanContext();
        if (ctx.isValid()) {
            meta.setTraceparent("00-" + ctx.getTraceId() + "-" + ctx.getSpanId() + "-"
                    + ctx.getTraceFlags().asHex());
        }
        return meta;
    }

    /** Rejects events from a newer schema than this build knows. */
    public static void checkVersion(Meta meta, String topic) {
        if (meta.getSchemaVersion() > Schema.VERSION) {
            throw new dev.hcxmesh.contracts.MalformedPayloadException(
                    topic,
                    "schema_version " + meta.getSchemaVersion() + " is newer than this service's " + Schema.VERSION);
        }
    }
}
