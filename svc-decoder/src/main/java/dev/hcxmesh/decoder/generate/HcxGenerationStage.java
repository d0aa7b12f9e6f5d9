package dev.hcxmesh.decoder.generate;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.api.v1.JobResult;
import dev.hcxmesh.api.v1.MediaKind;
import dev.hcxmesh.common.MeshException;
import dev.hcxmesh.common.model.LoadedModel;
import dev.hcxmesh.decoder.api.GenerationListener;
import dev.hcxmesh.decoder.api.GenerationRequest;
import dev.hcxmesh.decoder.api.Generator;
import dev.hcxmesh.decoder.api.RenderedPrompt;
import dev.hcxmesh.decoder.engine.EngineException;
import dev.hcxmesh.decoder.engine.SequenceRequest.EmbeddingSplice;
import dev.hcxmesh.decoder.join.JoinedRequest;
import dev.hcxmesh.decoder.sampling.SamplingParams;
import dev.hcxmesh.model.prompt.ContentItem;
import dev.hcxmesh.model.prompt.Conversation;
import dev.hcxmesh.model.prompt.HcxPromptBuilder;
import dev.hcxmesh.model.prompt.Message;
import dev.hcxmesh.model.prompt.PromptOptions;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Builds the HCX prompt of a joined request (ChatML; each image as mime, vector and aux blocks with
 * its OCR/Lens fields; each video as mime and vector blocks), expands every placeholder to its item's
 * visual token count, splices the visual rows in at those positions and generates through the shared
 * {@link Generator} (sampling, stops, JSON-schema constraints, admission).
 */
@ApplicationScoped
public class HcxGenerationStage implements GenerationStage {
    static final String STAGE = "decoder";

    /** Completion budget when the task does not set max_tokens. */
    static final int DEFAULT_MAX_TOKENS = 256;

    @Inject
    LoadedModel model;

    @Inject
    Generator generator;

    @Inject
    MeterRegistry registry;

    private volatile HcxPromptBuilder prompts;

    HcxPromptBuilder prompts() {
        if (prompts == null) {
            prompts = HcxPromptBuilder.load(model.checkpoint().dir());
        }
        return prompts;
    }

    /** The conversation of a joined request: optional system block, then one user turn (media first, then text). */
    static Conversation conversation(JoinedRequest r) {
        List<ContentItem> items = new ArrayList<>();
        for (JoinedRequest.Item item : r.items()) {
            var m = item.manifest();
            String filename = m.getFilename().isEmpty() ? r.filename() : m.getFilename();
            if (m.getGeometry().getKind() == MediaKind.VIDEO || m.getGeometry().getKind() == MediaKind.LIVE_STREAM) {
                boolean any = !item.ocr().isEmpty() || !item.lensKeywords().isEmpty();
                items.add(new ContentItem.Video(
                        filename,
                        m.getMimeType(),
                        any ? item.ocr() : null,
                        any ? item.lensKeywords() : null,
                        any ? item.lensLocalKeywords() : null));
            } else {
                items.add(new ContentItem.Image(
                        filename, m.getMimeType(), item.ocr(), item.lensKeywords(), item.lensLocalKeywords()));
            }
        }
        items.add(new ContentItem.Text(r.task().getPrompt()));
        List<Message> messages = new ArrayList<>();
        if (!r.task().getSystem().isEmpty()) {
            messages.add(Message.system(r.task().getSystem()));
        }
        messages.add(Message.user(items.toArray(ContentItem[]::new)));
        return new Conversation(messages);
    }

    @Override
    public CompletionStage<JobResult> generate(JoinedRequest r) {
        var ckpt = model.checkpoint();
        String id = r.meta().getRequestId();
        var result = JobResult.newBuilder()
                .setJobId(id)
                .setRandomWeights(ckpt.randomWeights())
                .setModelRevision(ckpt.revision())
                .setChunkStartMs(r.meta().getChunkStartMs())
                .setChunkEndMs(r.meta().getChunkEndMs());
        List<Integer> counts = new ArrayList<>();
        int visual = 0;
        for (var item : r.items()) {
            counts.add(item.tokens());
            visual += item.tokens();
            if (result.getOcr().isEmpty()) {
                result.setOcr(item.ocr())
                        .setLensKeywords(item.lensKeywords())
                        .setLensLocalKeywords(item.lensLocalKeywords());
            }
            result.addTimings(
                    dev.hcxmesh.api.v1.Timing.newBuilder().setStage("encode").setMillis(item.encodeMillis()));
            result.addTimings(
                    dev.hcxmesh.api.v1.Timing.newBuilder().setStage("ocr").setMillis(item.ocrMillis()));
        }
        result.setVisualTokens(visual);
        var done = new CompletableFuture<JobResult>();
        try {
            var expansion = prompts().encodeExpanded(conversation(r), PromptOptions.DEFAULT, counts);
            List<EmbeddingSplice> splices = new ArrayList<>();
            for (int i = 0; i < r.items().size(); i++) {
                var item = r.items().get(i);
                if (item.hidden() != ckpt.config().text().hiddenSize()) {
                    throw new MeshException(
                            ErrorCode.MESSAGE_MALFORMED,
                            STAGE,
                            "visual rows are " + item.hidden() + " wide, the language model expects "
                                    + ckpt.config().text().hiddenSize());
                }
                splices.add(new EmbeddingSplice(expansion.itemStarts()[i], item.tokens(), item.rows()));
            }
            var task = r.task();
            var sampling = SamplingParams.fromProto(task.getSampling(), DEFAULT_MAX_TOKENS);
            var request = new GenerationRequest(
                    id,
                    new RenderedPrompt(expansion.ids(), splices),
                    sampling,
                    task.getResponseJsonSchema(),
                    r.meta().getTenant(),
                    r.meta().getPriorityValue(),
                    null);
            var text = new StringBuilder();
            generator.start(request, new GenerationListener() {
                @Override
                public void onDelta(Delta delta) {
                    text.append(delta.text());
                }

                @Override
                public void onDone(Done d) {
                    registry.counter("hcx_decoder_tokens_total").increment(d.completionTokens());
                    done.complete(result.setText(text.toString())
                            .setFinishReason(d.finishReason())
                            .setPromptTokens(d.promptTokens())
                            .setCompletionTokens(d.completionTokens())
                            .build());
                }

                @Override
                public void onError(EngineException e) {
                    done.complete(error(result, new MeshException(e.code(), STAGE, e.getMessage()), id));
                }
            });
        } catch (EngineException e) {
            done.complete(error(result, new MeshException(e.code(), STAGE, e.getMessage()), id));
        } catch (RuntimeException e) {
            done.complete(error(result, e, id));
        }
        return done;
    }

    private static JobResult error(JobResult.Builder result, RuntimeException e, String id) {
        return result.setFinishReason("error")
                .setError(MeshException.detailOf(e, STAGE, id))
                .build();
    }
}
