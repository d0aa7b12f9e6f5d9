package dev.hcxmesh.decoder.api.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The OpenAI {@code POST /v1/chat/completions} body (the fields this server honours; others are
 * ignored). {@code content} is a string or a list of parts; {@code stop} a string or a list.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatCompletionRequest(
        @JsonProperty("model") String model,
        @JsonProperty("messages") List<Message> messages,
        @JsonProperty("temperature") Float temperature,
        @JsonProperty("top_p") Float topP,
        @JsonProperty("top_k") Integer topK,
        @JsonProperty("repetition_penalty") Float repetitionPenalty,
        @JsonProperty("max_tokens") Integer maxTokens,
        @JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
        @JsonProperty("seed") Long seed,
        @JsonProperty("stop") JsonNode stop,
        @JsonProperty("stream") Boolean stream,
        @JsonProperty("stream_options") JsonNode streamOptions,
        @JsonProperty("logprobs") Boolean logprobs,
        @JsonProperty("top_logprobs") Integer topLogprobs,
        @JsonProperty("response_format") JsonNode responseFormat,
        @JsonProperty("n") Integer n,
        @JsonProperty("user") String user) {

    /** One chat message. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Message(@JsonProperty("role") String role, @JsonProperty("content") JsonNode content) {}
}
