package dev.hcxmesh.common;

import dev.hcxmesh.api.v1.ErrorCode;
import io.grpc.Status;

/** The one mapping from mesh error codes to gRPC and HTTP statuses. */
public final class ErrorCodes {
    private ErrorCodes() {}

    public static Status.Code grpc(ErrorCode code) {
        return switch (code) {
            case MEDIA_UNDECODABLE,
                    MEDIA_TOO_LARGE,
                    MEDIA_UNSUPPORTED,
                    URL_REFUSED,
                    PROMPT_INVALID,
                    SCHEMA_INVALID,
                    MESSAGE_MALFORMED,
                    CONTEXT_TOO_LONG -> Status.Code.INVALID_ARGUMENT;
            case URL_FETCH_FAILED -> Status.Code.FAILED_PRECONDITION;
            case QUEUE_FULL, KV_CACHE_FULL -> Status.Code.RESOURCE_EXHAUSTED;
            case ENGINE_UNAVAILABLE -> Status.Code.UNAVAILABLE;
            case DEADLINE_EXCEEDED, ENRICHMENT_TIMEOUT -> Status.Code.DEADLINE_EXCEEDED;
            case NOT_IMPLEMENTED -> Status.Code.UNIMPLEMENTED;
            case INTERNAL, ERROR_CODE_UNSPECIFIED, UNRECOGNIZED -> Status.Code.INTERNAL;
        };
    }

    public static int http(ErrorCode code) {
        return switch (code) {
            case MEDIA_TOO_LARGE -> 413;
            case MEDIA_UNSUPPORTED -> 415;
            case MEDIA_UNDECODABLE, URL_REFUSED, PROMPT_INVALID, SCHEMA_INVALID, MESSAGE_MALFORMED, CONTEXT_TOO_LONG ->
                400;
            case URL_FETCH_FAILED -> 502;
            case QUEUE_FULL, KV_CACHE_FULL -> 429;
            case ENGINE_UNAVAILABLE -> 503;
            case DEADLINE_EXCEEDED, ENRICHMENT_TIMEOUT -> 504;
            case NOT_IMPLEMENTED -> 501;
            case INTERNAL, ERROR_CODE_UNSPECIFIED, UNRECOGNIZED -> 500;
        };
    }
}
