/**
 * HCX video preprocessing: {@link dev.hcxmesh.model.video.FrameSampler} picks frames, {@link
 * dev.hcxmesh.model.video.CanvasPacker} fits them into 3×3 canvases and tiles each canvas (no global
 * view, no unpad), consistent with {@link dev.hcxmesh.model.tokens.VisualTokens#video}.
 */
package dev.hcxmesh.model.video;
