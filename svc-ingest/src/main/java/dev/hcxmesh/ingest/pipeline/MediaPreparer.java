package dev.hcxmesh.ingest.pipeline;

import dev.hcxmesh.events.v1.MediaRequest;
import java.util.List;

/** Decodes media bytes and preprocesses them into the items the encoder and OCR/Lens consume. */
public interface MediaPreparer {

    /**
     * @param request the job (kind, mime, filename, task)
     * @param bytes the media, already fetched and size-checked
     * @return the visual items, in prompt order
     * @throws dev.hcxmesh.common.MeshException typed: undecodable, unsupported, too large
     */
    List<PreparedItem> prepare(MediaRequest request, byte[] bytes);
}
