package dev.hcxmesh.model.config;

/**
 * C-Abstractor connector and vision-feature selection, from top-level {@code config.json} keys.
 *
 * @param projectorType {@code mm_projector_type}, {@code cabstractor}
 * @param useNthLayer {@code use_nth_layer}: -2 runs all but the last SigLIP layer
 * @param queriesImage {@code num_queries_vis_abstractor_image} (81)
 * @param queriesVideoSlow {@code num_queries_vis_abstractor_video_slow} (81)
 * @param queriesVideoFast {@code num_queries_vis_abstractor_video_fast} (9)
 * @param firstLastFramesSlow {@code first_last_frames_slow}
 * @param posEmb {@code proj_pos_emb}
 * @param prenorm {@code proj_prenorm}
 * @param depth RegStage depth (3)
 * @param mlpDepth readout depth (2)
 */
public record ConnectorConfig(
        String projectorType,
        int useNthLayer,
        int queriesImage,
        int queriesVideoSlow,
        int queriesVideoFast,
        boolean firstLastFramesSlow,
        boolean posEmb,
        boolean prenorm,
        int depth,
        int mlpDepth) {

    /** How many SigLIP layers run, following vLLM's {@code init_vision_tower_for_hcxvision}. */
    public int layersToRun(int numLayers) {
        return useNthLayer >= 0 ? useNthLayer + 1 : numLayers + useNthLayer + 1;
    }
}
