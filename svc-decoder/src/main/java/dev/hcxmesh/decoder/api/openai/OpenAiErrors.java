package dev.hcxmesh.decoder.api.openai;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.decoder.engine.EngineException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * OpenAI-style error bodies {@code {"error": {"message", "type", "param", "code"}}} with the HTTP
 * status of the typed code (429 for a full queue). 501 answers are also RFC 9457 problem+json.
 */
public final class OpenAiErrors {

    /** HTTP status of an error code. */
    public static int httpStatus(ErrorCode code) {
        return switch (code) {
            case QUEUE_FULL, KV_CACHE_FULL -> 429;
            case MEDIA_TOO_LARGE -> 413;
            case MEDIA_UNSUPPORTED -> 415;
            case CONTEXT_TOO_LONG,
                    PROMPT_INVALID,
                    SCHEMA_INVALID,
                    MEDIA_UNDECODABLE,
                    URL_REFUSED,
                    URL_FETCH_FAILED,
                    MESSAGE_MALFORMED -> 400;
            case ENGINE_UNAVAILABLE -> 503;
            case DEADLINE_EXCEEDED, ENRICHMENT_TIMEOUT -> 504;
            case NOT_IMPLEMENTED -> 501;
            default -> 500;
        };
    }

    static String type(int status) {
        return switch (status) {
            case 400, 413, 415 -> "invalid_request_error";
            case 429 -> "rate_limit_error";
            case 501 -> "not_implemented_error";
            default -> "server_error";
        };
    }

    /** The {@code {"error": {...}}} body. */
    public static ObjectNode body(int status, ErrorCode code, String param, String message) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode err = root.putObject("error");
        err.put("message", message);
        err.put("type", type(status));
        if (param == null) {
            err.putNull("param");
        } else {
            err.put("param", param);
        }
        err.put("code", code.name().toLowerCase(java.util.Locale.ROOT));
        return root;
    }

    static Response response(int status, ErrorCode code, String param, String message) {
        ObjectNode body = body(status, code, param, message);
        if (status == 501) {
            body.put("type", "https://hcx-mesh.dev/problems/" + code.name().toLowerCase(java.util.Locale.ROOT));
            body.put("title", "Not Implemented");
            body.put("status", status);
            body.put("detail", message);
            return Response.status(status)
                    .type("application/problem+json")
                    .entity(body)
                    .build();
        }
        Response.ResponseBuilder b =
                Response.status(status).type(MediaType.APPLICATION_JSON).entity(body);
        if (status == 429) {
            b.header("Retry-After", "1");
        }
        return b.build();
    }

    @ServerExceptionMapper
    public Response apiError(ApiException e) {
        return response(e.status(), e.code(), e.param(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response engineError(EngineException e) {
        return response(httpStatus(e.code()), e.code(), null, e.getMessage());
    }
}
