package dev.hcxmesh.common.model;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which checkpoint a service serves ({@code hcx.model.*}). */
@ConfigMapping(prefix = "hcx.model")
public interface ModelSettings {

    /**
     * A checkpoint directory in Hugging Face layout, or a Hugging Face id ({@code org/name[@rev]})
     * resolved through the local HF cache ({@code HF_HOME}, {@code HF_HUB_CACHE}; downloads only with
     * {@code HCX_ALLOW_DOWNLOAD=1}).
     */
    @WithDefault(".mesh/tiny-model")
    String path();
}
