package dev.hcxmesh.ocrlens.stage;

import dev.hcxmesh.events.v1.Enrichment;
import dev.hcxmesh.events.v1.EnrichmentStatus;
import dev.hcxmesh.events.v1.Frame;
import dev.hcxmesh.events.v1.FrameBatch;
import dev.hcxmesh.events.v1.OcrWord;
import dev.hcxmesh.ocrlens.Enricher;
import dev.hcxmesh.ocrlens.config.OcrConfig;
import dev.hcxmesh.ocrlens.lens.LensFormatter;
import dev.hcxmesh.ocrlens.lens.LensKeyword;
import dev.hcxmesh.ocrlens.lens.QrBarcodeProvider;
import dev.hcxmesh.ocrlens.lens.TextEntityProvider;
import dev.hcxmesh.ocrlens.ocr.OcrImage;
import dev.hcxmesh.ocrlens.ocr.TesseractConfig;
import dev.hcxmesh.ocrlens.ocr.TesseractOcrEngine;
import dev.hcxmesh.ocrlens.video.FrameOcr;
import dev.hcxmesh.ocrlens.video.FrameOcrCache;
import dev.hcxmesh.ocrlens.video.TextRegionDetector;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.jboss.logging.Logger;

/**
 * Tesseract (Korean + English) and the built-in Lens providers (QR/barcodes, text entities) over a
 * frame batch. Stills go through whole-page OCR; video frames through caption-band detection,
 * binarisation and a near-duplicate cache. Frames share the batch's time budget.
 */
@ApplicationScoped
public class HcxEnrichmentStage implements EnrichmentStage {
    private static final Logger LOG = Logger.getLogger(HcxEnrichmentStage.class);

    @Inject
    OcrConfig config;

    private TesseractOcrEngine tesseract;
    private Enricher stills;
    private Enricher video;

    void start(@Observes StartupEvent e) {
        var base = TesseractConfig.defaults();
        var tc = new TesseractConfig(
                config.tessdata().map(Path::of).orElse(base.tessdata()),
                config.languages(),
                config.pageSegMode(),
                config.minConfidence(),
                config.poolSize(),
                base.dpi());
        tc.checkDataPresent();
        tesseract = new TesseractOcrEngine(tc);
        var providers = List.of(new QrBarcodeProvider(), new TextEntityProvider());
        stills = new Enricher(tesseract, providers, config.budget());
        video = new Enricher(
                new FrameOcr(tesseract, new TextRegionDetector(), FrameOcrCache.defaults()),
                providers,
                config.budget());
        LOG.infof(
                "OCR: tesseract %s psm %d from %s; lens: qr/barcode, text entities",
                tc.languages(), tc.pageSegMode(), tc.tessdata());
    }

    void stop(@Observes ShutdownEvent e) {
        if (stills != null) {
            stills.close();
            video.close();
        }
    }

    @Override
    public Enrichment.Builder enrich(FrameBatch batch) {
        boolean isVideo = batch.getFramesCount() > 1 || batch.getFrames(0).getPtsMs() > 0;
        Enricher enricher = isVideo ? video : stills;
        Duration perFrame = config.budget().dividedBy(Math.max(1, batch.getFramesCount()));
        Set<String> ocr = new LinkedHashSet<>();
        List<LensKeyword> keywords = new ArrayList<>();
        var out = Enrichment.newBuilder();
        boolean partial = false;
        for (Frame f : batch.getFramesList()) {
            var r = enricher.enrich(decode(f), perFrame);
            partial |= r.partial();
            if (!r.ocr().isEmpty()) {
                ocr.add(r.ocr());
            }
            keywords.addAll(r.keywords());
            for (var w : r.words()) {
                float[] b = w.box();
                out.addWords(OcrWord.newBuilder()
                        .setText(w.text())
                        .setConfidence(w.confidence())
                        .setX1(b[0])
                        .setY1(b[1])
                        .setX2(b[2])
                        .setY2(b[3])
                        .setFrameIndex(f.getIndex()));
            }
        }
        return out.setOcr(String.join(", ", ocr))
                .setLensKeywords(LensFormatter.lensKeywords(keywords))
                .setLensLocalKeywords(LensFormatter.lensLocalKeywords(keywords))
                .setStatus(partial ? EnrichmentStatus.ENRICHMENT_PARTIAL : EnrichmentStatus.ENRICHMENT_OK);
    }

    private static OcrImage decode(Frame f) {
        try {
            var img = ImageIO.read(new ByteArrayInputStream(f.getPng().toByteArray()));
            if (img == null) {
                throw new IllegalArgumentException("frame " + f.getIndex() + " is not a readable PNG");
            }
            return OcrImage.of(img);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
