package dev.hcxmesh.decoder.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.decoder.api.ChatTurn;
import dev.hcxmesh.decoder.engine.EngineException;
import dev.hcxmesh.decoder.sampling.SamplingParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Maps the OpenAI request onto chat turns, sampling parameters and a response schema. */
final class ChatRequestMapper {
    private ChatRequestMapper() {}

    static SamplingParams sampling(ChatCompletionRequest r, int defaultMaxTokens, int maxTokensLimit) {
        if (r.n() != null && r.n() != 1) {
            throw new ApiException(400, ErrorCode.PROMPT_INVALID, "n", "only n=1 is supported, found " + r.n());
        }
        Integer max = r.maxCompletionTokens() != null ? r.maxCompletionTokens() : r.maxTokens();
        if (max != null && max > maxTokensLimit) {
            throw new ApiException(
                    400,
                    ErrorCode.PROMPT_INVALID,
                    "max_tokens",
                    "max_tokens " + max + " is above the limit " + maxTokensLimit);
        }
        boolean logprobs = Boolean.TRUE.equals(r.logprobs());
        try {
            return SamplingParams.of(
                    r.temperature(),
                    r.topP(),
                    r.topK(),
                    r.repetitionPenalty(),
                    max,
                    defaultMaxTokens,
                    r.seed(),
                    stops(r.stop()),
                    false,
                    logprobs ? r.topLogprobs() : null,
                    logprobs);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, ErrorCode.PROMPT_INVALID, null, e.getMessage());
        }
    }

    private static List<String> stops(JsonNode stop) {
        List<String> out = new ArrayList<>();
        if (stop == null || stop.isNull()) {
            return out;
        }
        if (stop.isTextual()) {
            out.add(stop.asText());
        } else if (stop.isArray()) {
            stop.forEach(s -> {
                if (!s.isTextual()) {
                    throw new ApiException(400, ErrorCode.PROMPT_INVALID, "stop", "stop entries must be strings");
                }
                out.add(s.asText());
            });
        } else {
            throw new ApiException(400, ErrorCode.PROMPT_INVALID, "stop", "stop must be a string or an array");
        }
        return out;
    }

    /** The schema text of {@code response_format: {type: json_schema, json_schema: {schema}}}, or null. */
    static String responseSchema(JsonNode format) {
        if (format == null || format.isNull()) {
            return null;
        }
        String type = format.path("type").asText("text");
        return switch (type) {
            case "text" -> null;
            case "json_schema" -> {
                JsonNode schema = format.path("json_schema").get("schema");
                if (schema == null || !schema.isObject()) {
                    throw new ApiException(
                            400,
                            ErrorCode.SCHEMA_INVALID,
                            "response_format",
                            "response_format.json_schema.schema must be an object");
                }
                yield schema.toString();
            }
            case "json_object" ->
                throw new ApiException(
                        400,
                        ErrorCode.SCHEMA_INVALID,
                        "response_format",
                        "json_object is not supported; use json_schema with a schema");
            default ->
                throw new ApiException(
                        400,
                        ErrorCode.PROMPT_INVALID,
                        "response_format",
                        "unknown response_format type '" + type + "'");
        };
    }

    /** Chat turns; image parts go through the vision client (501 when none is configured). */
    static List<ChatTurn> turns(
            List<ChatCompletionRequest.Message> messages, Optional<VisionClient> vision, long visionTimeoutMs) {
        if (messages == null || messages.isEmpty()) {
            throw new ApiException(400, ErrorCode.PROMPT_INVALID, "messages", "messages must not be empty");
        }
        List<ChatTurn> turns = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            ChatCompletionRequest.Message m = messages.get(i);
            String param = "messages[" + i + "]";
            if (m == null || m.role() == null || m.role().isBlank()) {
                throw new ApiException(400, ErrorCode.PROMPT_INVALID, param + ".role", "role is required");
            }
            JsonNode c = m.content();
            List<ChatTurn.Part> parts = new ArrayList<>();
            if (c == null || c.isNull()) {
                parts.add(new ChatTurn.Text(""));
            } else if (c.isTextual()) {
                parts.add(new ChatTurn.Text(c.asText()));
            } else if (c.isArray()) {
                for (int j = 0; j < c.size(); j++) {
                    parts.add(part(c.get(j), param + ".content[" + j + "]", vision, visionTimeoutMs));
                }
            } else {
                throw new ApiException(
                        400,
                        ErrorCode.PROMPT_INVALID,
                        param + ".content",
                        "content must be a string or an array of parts");
            }
            turns.add(new ChatTurn(m.role(), parts));
        }
        return turns;
    }

    private static ChatTurn.Part part(JsonNode p, String param, Optional<VisionClient> vision, long timeoutMs) {
        String type = p.path("type").asText("");
        switch (type) {
            case "text":
                return new ChatTurn.Text(p.path("text").asText(""));
            case "image_url": {
                JsonNode u = p.path("image_url");
                String url = u.isTextual() ? u.asText() : u.path("url").asText("");
                if (!(url.startsWith("data:") || url.startsWith("http://") || url.startsWith("https://"))) {
                    throw new ApiException(
                            400,
                            ErrorCode.URL_REFUSED,
                            param + ".image_url.url",
                            "image URLs must be data: or http(s) URLs");
                }
                if (vision.isEmpty()) {
                    throw new ApiException(
                            501,
                            ErrorCode.NOT_IMPLEMENTED,
                            param,
                            "image parts need a vision client, and none is configured on this decoder");
                }
                return new ChatTurn.Image(embed(vision.get(), url, timeoutMs), mime(url), null);
            }
            default:
                throw new ApiException(
                        400,
                        ErrorCode.PROMPT_INVALID,
                        param + ".type",
                        "unsupported content part type '" + type + "' (text, image_url)");
        }
    }

    private static ChatTurn.VisualEmbedding embed(VisionClient vision, String url, long timeoutMs) {
        try {
            return vision.embed(url).toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EngineException ee) {
                throw ee;
            }
            throw new EngineException(ErrorCode.INTERNAL, "vision client failed: " + e.getCause());
        } catch (TimeoutException e) {
            throw new EngineException(
                    ErrorCode.DEADLINE_EXCEEDED, "vision client took longer than " + timeoutMs + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(ErrorCode.INTERNAL, "interrupted while embedding an image");
        }
    }

    private static String mime(String url) {
        if (url.startsWith("data:")) {
            int semi = url.indexOf(';');
            int comma = url.indexOf(',');
            int end = semi > 0 ? semi : comma;
            return end > 5 ? url.substring(5, end) : "image/jpeg";
        }
        return url.toLowerCase(java.util.Locale.ROOT).endsWith(".png") ? "image/png" : "image/jpeg";
    }
}
