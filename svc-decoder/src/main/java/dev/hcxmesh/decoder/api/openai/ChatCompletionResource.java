package dev.hcxmesh.decoder.api.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.decoder.admission.DecoderConfig;
import dev.hcxmesh.decoder.api.GenerationListener;
import dev.hcxmesh.decoder.api.GenerationRequest;
import dev.hcxmesh.decoder.api.Generator;
import dev.hcxmesh.decoder.api.PromptRenderer;
import dev.hcxmesh.decoder.api.RenderedPrompt;
import dev.hcxmesh.decoder.engine.EngineException;
import dev.hcxmesh.decoder.engine.SequenceHandle;
import dev.hcxmesh.decoder.sampling.Logprobs;
import dev.hcxmesh.decoder.sampling.SamplingParams;
import dev.hcxmesh.model.tokenizer.Vocabulary;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * OpenAI-compatible HTTP API: {@code POST /v1/chat/completions} (plain and SSE streaming, JSON-schema
 * response formats, logprobs) and {@code GET /v1/models}. Tenant and priority come from the {@code
 * X-Tenant} (else {@code user}) and {@code X-Priority} (urgent, normal, bulk) headers.
 */
@Path("/v1")
public class ChatCompletionResource {
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    @Inject
    Generator generator;

    @Inject
    PromptRenderer renderer;

    @Inject
    Instance<VisionClient> vision;

    @Inject
    DecoderConfig config;

    @Inject
    ObjectMapper mapper;

    @GET
    @Path("/models")
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode models() {
        ObjectNode root = mapper.createObjectNode();
        root.put("object", "list");
        ObjectNode m = root.putArray("data").addObject();
        m.put("id", config.openai().modelId());
        m.put("object", "model");
        m.put("created", 0);
        m.put("owned_by", "hcx-mesh");
        return root;
    }

    @POST
    @Path("/chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response chat(
            ChatCompletionRequest body,
            @HeaderParam("X-Tenant") String tenantHeader,
            @HeaderParam("X-Priority") String priorityHeader) {
        if (body == null) {
            throw new ApiException(400, ErrorCode.PROMPT_INVALID, null, "request body is required");
        }
        String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
        SamplingParams sampling = ChatRequestMapper.sampling(
                body, config.sampling().defaultMaxTokens(), config.sampling().maxTokensLimit());
        String schema = ChatRequestMapper.responseSchema(body.responseFormat());
        Optional<VisionClient> vc =
                config.vision().enabled() && vision.isResolvable() ? Optional.of(vision.get()) : Optional.empty();
        RenderedPrompt prompt;
        try {
            prompt = renderer.render(ChatRequestMapper.turns(
                    body.messages(), vc, config.openai().visionTimeout().toMillis()));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, ErrorCode.PROMPT_INVALID, "messages", e.getMessage());
        }
        String tenant = tenantHeader != null ? tenantHeader : body.user();
        GenerationRequest req = new GenerationRequest(
                id,
                prompt,
                sampling,
                schema,
                tenant,
                priority(priorityHeader),
                Instant.now().plus(config.openai().requestTimeout()));
        CompletionCollector collector = new CompletionCollector();
        SequenceHandle handle = generator.start(req, collector); // admission errors map to 429/400/503
        String model = body.model() != null ? body.model() : config.openai().modelId();
        long created = Instant.now().getEpochSecond();
        if (Boolean.TRUE.equals(body.stream())) {
            boolean usage = body.streamOptions() != null
                    && body.streamOptions().path("include_usage").asBoolean(false);
            StreamingOutput out = os -> stream(os, collector, handle, id, model, created, sampling, usage);
            return Response.ok(out, "text/event-stream")
                    .header("Cache-Control", "no-cache")
                    .build();
        }
        return Response.ok(complete(collector, handle, id, model, created, sampling), MediaType.APPLICATION_JSON)
                .build();
    }

    private ObjectNode complete(
            CompletionCollector c,
            SequenceHandle handle,
            String id,
            String model,
            long created,
            SamplingParams sampling) {
        StringBuilder text = new StringBuilder();
        ArrayNode logprobs = mapper.createArrayNode();
        long waitMs = config.openai().requestTimeout().toMillis() + 5000;
        while (true) {
            Object e = poll(c, handle, waitMs);
            switch (e) {
                case GenerationListener.Delta d -> {
                    text.append(d.text());
                    if (sampling.reportLogprobs() && d.token() >= 0) {
                        logprobs.add(logprob(d));
                    }
                }
                case GenerationListener.Done done -> {
                    ObjectNode root = envelope(id, "chat.completion", model, created);
                    ObjectNode choice = root.putArray("choices").addObject();
                    choice.put("index", 0);
                    ObjectNode msg = choice.putObject("message");
                    msg.put("role", "assistant");
                    msg.put("content", text.toString());
                    if (sampling.reportLogprobs()) {
                        choice.putObject("logprobs").set("content", logprobs);
                    } else {
                        choice.putNull("logprobs");
                    }
                    choice.put("finish_reason", finishReason(done));
                    usage(root, done);
                    return root;
                }
                case EngineException ex -> throw ex;
                default -> throw new IllegalStateException("unexpected event " + e);
            }
        }
    }

    private void stream(
            OutputStream os,
            CompletionCollector c,
            SequenceHandle handle,
            String id,
            String model,
            long created,
            SamplingParams sampling,
            boolean includeUsage)
            throws IOException {
        try {
            write(os, chunk(id, model, created, "", true, null, null));
            while (true) {
                Object e = poll(c, handle, config.openai().requestTimeout().toMillis() + 5000);
                if (e instanceof GenerationListener.Delta d) {
                    if (!d.text().isEmpty() || (sampling.reportLogprobs() && d.token() >= 0)) {
                        write(
                                os,
                                chunk(id, model, created, d.text(), false, null, sampling.reportLogprobs() ? d : null));
                    }
                } else if (e instanceof GenerationListener.Done done) {
                    write(os, chunk(id, model, created, null, false, finishReason(done), null));
                    if (includeUsage) {
                        ObjectNode u = envelope(id, "chat.completion.chunk", model, created);
                        u.putArray("choices");
                        usage(u, done);
                        write(os, u);
                    }
                    break;
                } else if (e instanceof EngineException ex) {
                    write(os, OpenAiErrors.body(OpenAiErrors.httpStatus(ex.code()), ex.code(), null, ex.getMessage()));
                    break;
                }
            }
            os.write(DONE);
            os.flush();
        } catch (IOException | RuntimeException e) {
            handle.cancel(); // client went away (or the stream broke): stop decoding
            throw e;
        }
    }

    private Object poll(CompletionCollector c, SequenceHandle handle, long waitMs) {
        try {
            Object e = c.events.poll(waitMs, TimeUnit.MILLISECONDS);
            if (e == null) {
                handle.cancel();
                throw new EngineException(ErrorCode.DEADLINE_EXCEEDED, "no completion within " + waitMs + " ms");
            }
            return e;
        } catch (InterruptedException ie) {
            handle.cancel();
            Thread.currentThread().interrupt();
            throw new EngineException(ErrorCode.INTERNAL, "interrupted");
        }
    }

    private ObjectNode chunk(
            String id,
            String model,
            long created,
            String content,
            boolean first,
            String finish,
            GenerationListener.Delta logprobDelta) {
        ObjectNode root = envelope(id, "chat.completion.chunk", model, created);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (first) {
            delta.put("role", "assistant");
        }
        if (content != null) {
            delta.put("content", content);
        }
        if (logprobDelta != null) {
            choice.putObject("logprobs").putArray("content").add(logprob(logprobDelta));
        } else {
            choice.putNull("logprobs");
        }
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return root;
    }

    private ObjectNode envelope(String id, String object, String model, long created) {
        ObjectNode root = mapper.createObjectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", created);
        root.put("model", model);
        root.put("system_fingerprint", "hcx-mesh");
        return root;
    }

    private ObjectNode logprob(GenerationListener.Delta d) {
        Vocabulary vocab = generator.vocabulary();
        ObjectNode lp = entry(vocab, d.token(), d.logprob());
        ArrayNode top = lp.putArray("top_logprobs");
        for (Logprobs.Alternative a : d.alternatives()) {
            top.add(entry(vocab, a.token(), a.logprob()));
        }
        return lp;
    }

    private ObjectNode entry(Vocabulary vocab, int token, float logprob) {
        ObjectNode n = mapper.createObjectNode();
        byte[] bytes = token >= 0 && token < vocab.size() ? vocab.tokenBytes(token) : new byte[0];
        n.put("token", new String(bytes, StandardCharsets.UTF_8));
        n.put("logprob", Float.isNaN(logprob) ? -9999f : logprob);
        ArrayNode b = n.putArray("bytes");
        for (byte x : bytes) {
            b.add(x & 0xFF);
        }
        return n;
    }

    private static void usage(ObjectNode root, GenerationListener.Done done) {
        ObjectNode u = root.putObject("usage");
        u.put("prompt_tokens", done.promptTokens());
        u.put("completion_tokens", done.completionTokens());
        u.put("total_tokens", done.promptTokens() + done.completionTokens());
    }

    private static String finishReason(GenerationListener.Done done) {
        return done.finishReason().equals("length") ? "length" : "stop";
    }

    private void write(OutputStream os, ObjectNode event) throws IOException {
        os.write(("data: " + mapper.writeValueAsString(event) + "\n\n").getBytes(StandardCharsets.UTF_8));
        os.flush();
    }

    static int priority(String header) {
        if (header == null) {
            return 2;
        }
        return switch (header.toLowerCase(Locale.ROOT)) {
            case "urgent" -> 3;
            case "bulk" -> 1;
            case "normal" -> 2;
            default ->
                throw new ApiException(
                        400,
                        ErrorCode.PROMPT_INVALID,
                        "X-Priority",
                        "X-Priority must be urgent, normal or bulk, found '" + header + "'");
        };
    }
}
