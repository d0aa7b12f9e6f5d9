package dev.hcxmesh.encoder.stage;

import dev.hcxmesh.api.v1.MediaKind;
import dev.hcxmesh.common.MeshException;
import dev.hcxmesh.common.model.LoadedModel;
import dev.hcxmesh.encoder.assembly.VisualFeatures;
import dev.hcxmesh.encoder.config.EncoderConfig;
import dev.hcxmesh.encoder.engine.EngineException;
import dev.hcxmesh.encoder.engine.VisionDims;
import dev.hcxmesh.encoder.engine.VisionEngine;
import dev.hcxmesh.encoder.engine.VisionWeightNames;
import dev.hcxmesh.encoder.engine.cpu.CpuVisionEngine;
import dev.hcxmesh.encoder.engine.triton.TritonVisionEngine;
import dev.hcxmesh.events.v1.VisualItemGeometry;
import dev.hcxmesh.model.config.HcxConfig;
import dev.hcxmesh.model.tokens.VisualTokens;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The encoder stage on the configured engine: {@code embedded} (pure-Java Vector API CPU engine,
 * default) or {@code triton} (KServe v2 gRPC to a Triton serving the exported model). Chosen by
 * {@code hcx.encoder.engine} and logged at start-up.
 */
@Startup
@ApplicationScoped
public class HcxVisionStage implements VisionStage {
    private static final Logger LOG = Logger.getLogger(HcxVisionStage.class);
    static final String STAGE = "vision-encoder";

    @Inject
    LoadedModel model;

    @Inject
    EncoderConfig config;

    private HcxConfig hcx;
    private VisionEngine engine;
    private float[] newline; // [D]
    private ManagedChannel channel;

    @PostConstruct
    void start() {
        var ck = model.checkpoint();
        hcx = ck.config();
        var names = VisionWeightNames.HF;
        newline = ck.tensors().get(names.newline()).toFloatArray();
        if (config.engine().equals("triton")) {
            var t = config.triton();
            channel = ManagedChannelBuilder.forTarget(t.target()).usePlaintext().build();
            var opts = TritonVisionEngine.Options.defaults();
            engine = new TritonVisionEngine(
                    channel,
                    VisionDims.fromConfig(hcx),
                    new TritonVisionEngine.Options(
                            t.model(),
                            opts.modelVersion(),
                            t.deadline(),
                            opts.maxRetries(),
                            opts.backoff(),
                            opts.maxBatch(),
                            opts.breakerThreshold(),
                            opts.breakerOpenFor()));
        } else if (config.engine().equals("embedded")) {
            engine = new CpuVisionEngine(
                    hcx,
                    ck.tensors(),
                    names,
                    config.threads(),
                    config.bf16Weights() ? CpuVisionEngine.Storage.BF16 : CpuVisionEngine.Storage.F32);
        } else {
            throw new IllegalArgumentException(
                    "hcx.encoder.engine must be 'embedded' or 'triton', got '" + config.engine() + "'");
        }
        LOG.infof(
                "vision engine %s (hcx.encoder.engine=%s, threads %d); output width %d%s",
                engine.name(),
                config.engine(),
                config.threads(),
                hidden(),
                ck.randomWeights() ? "; RANDOM weights" : "");
    }

    void stop(@Observes ShutdownEvent e) {
        if (engine != null) {
            engine.close();
        }
        if (channel != null) {
            channel.shutdownNow();
        }
    }

    @Override
    public String engineName() {
        return engine.name();
    }

    @Override
    public int hidden() {
        return hcx.text().hiddenSize();
    }

    @Override
    public int[] tileQueries(VisualItemGeometry g) {
        var c = hcx.connector();
        return TileQueries.of(g, c.queriesVideoSlow(), c.queriesVideoFast(), c.queriesImage());
    }

    @Override
    public float[] encodeTiles(List<byte[]> tiles, int[] queries) {
        try {
            return engine.encode(tiles, queries);
        } catch (EngineException e) {
            throw new MeshException(e.code(), STAGE, e.getMessage(), java.util.Map.of(), e);
        }
    }

    @Override
    public float[] assemble(VisualItemGeometry g, float[] perTile) {
        var c = hcx.connector();
        if (g.getKind() == MediaKind.VIDEO || g.getKind() == MediaKind.LIVE_STREAM) {
            var plan = VisualTokens.video(g.getFrameCount(), c.queriesVideoSlow(), c.queriesVideoFast());
            return VisualFeatures.assembleVideo(perTile, plan, c.queriesVideoSlow(), c.queriesVideoFast(), hidden());
        }
        var plan = VisualTokens.image(
                g.getWidth(), g.getHeight(), model.checkpoint().preprocessor(), c.queriesImage());
        return VisualFeatures.assembleImage(perTile, plan, newline);
    }

    @Override
    public String modelRevision() {
        return model.checkpoint().revision();
    }

    @Override
    public boolean ready() {
        return engine != null;
    }
}
