package dev.hcxmesh.decoder.api.grpc;

import dev.hcxmesh.api.v1.ChatMessage;
import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.api.v1.GenerateEvent;
import dev.hcxmesh.api.v1.GenerateRequest;
import dev.hcxmesh.api.v1.GenerateServiceGrpc;
import dev.hcxmesh.api.v1.Priority;
import dev.hcxmesh.decoder.admission.DecoderConfig;
import dev.hcxmesh.decoder.api.ChatTurn;
import dev.hcxmesh.decoder.api.GenerationRequest;
import dev.hcxmesh.decoder.api.Generator;
import dev.hcxmesh.decoder.api.PromptRenderer;
import dev.hcxmesh.decoder.api.RenderedPrompt;
import dev.hcxmesh.decoder.engine.EngineException;
import dev.hcxmesh.decoder.engine.LanguageEngine;
import dev.hcxmesh.decoder.sampling.SamplingParams;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code hcx.v1.GenerateService}: server-streamed tokens with flow control (see {@link
 * FlowControlledEmitter}), cancellation propagated to the sequence, the call's deadline passed to
 * the engine, and typed errors as {@code google.rpc.Status} with an ErrorDetail.
 */
@GrpcService
public class GenerateGrpcService extends GenerateServiceGrpc.GenerateServiceImplBase {
    private final Generator generator;
    private final PromptRenderer renderer;
    private final Settings settings;

    /**
     * Plain settings, so the service also runs outside CDI (in-process tests).
     *
     * @param maxTokensLimit largest max_tokens a request may ask for
     */
    public record Settings(
            int defaultMaxTokens,
            int maxTokensLimit,
            int maxQueuedEvents,
            int maxBufferedTokens,
            boolean randomWeights) {}

    @Inject
    public GenerateGrpcService(
            Generator generator, PromptRenderer renderer, DecoderConfig config, LanguageEngine engine) {
        this(
                generator,
                renderer,
                new Settings(
                        config.sampling().defaultMaxTokens(),
                        config.sampling().maxTokensLimit(),
                        config.grpc().maxQueuedEvents(),
                        config.grpc().maxBufferedTokens(),
                        engine.info().randomWeights()));
    }

    public GenerateGrpcService(Generator generator, PromptRenderer renderer, Settings settings) {
        this.generator = generator;
        this.renderer = renderer;
        this.settings = settings;
    }

    @Override
    public void generate(GenerateRequest request, StreamObserver<GenerateEvent> observer) {
        ServerCallStreamObserver<GenerateEvent> call = (ServerCallStreamObserver<GenerateEvent>) observer;
        String id = request.getRequestId().isEmpty() ? UUID.randomUUID().toString() : request.getRequestId();
        FlowControlledEmitter emitter = new FlowControlledEmitter(
                call, settings.maxQueuedEvents(), settings.maxBufferedTokens(), id, settings.randomWeights());
        call.setOnCancelHandler(emitter::onCancel);
        call.setOnReadyHandler(emitter::drain);
        try {
            GenerationRequest req = toRequest(request, id);
            emitter.attach(generator.start(req, emitter));
        } catch (EngineException e) {
            observer.onError(GrpcErrors.toStatus(e, id));
        } catch (IllegalArgumentException e) {
            observer.onError(GrpcErrors.toStatus(ErrorCode.PROMPT_INVALID, e.getMessage(), id));
        }
    }

    private GenerationRequest toRequest(GenerateRequest r, String id) {
        if (r.getMessagesCount() == 0) {
            throw new IllegalArgumentException("messages must not be empty");
        }
        List<ChatTurn> turns = new ArrayList<>();
        for (ChatMessage m : r.getMessagesList()) {
            turns.add(ChatTurn.text(m.getRole(), m.getText()));
        }
        RenderedPrompt prompt = renderer.render(turns);
        SamplingParams sampling = SamplingParams.fromProto(r.getSampling(), settings.defaultMaxTokens());
        if (sampling.maxTokens() > settings.maxTokensLimit()) {
            throw new IllegalArgumentException(
                    "max_tokens " + sampling.maxTokens() + " is above the limit " + settings.maxTokensLimit());
        }
        Deadline deadline = Context.current().getDeadline();
        Instant until = deadline == null ? null : Instant.now().plusNanos(deadline.timeRemaining(TimeUnit.NANOSECONDS));
        return new GenerationRequest(
                id, prompt, sampling, r.getResponseJsonSchema(), r.getTenant(), priority(r.getPriority()), until);
    }

    /** Higher runs first: URGENT 3 > NORMAL 2 > BULK 1; unspecified is NORMAL. */
    static int priority(Priority p) {
        return switch (p) {
            case URGENT -> 3;
            case BULK -> 1;
            default -> 2;
        };
    }
}
