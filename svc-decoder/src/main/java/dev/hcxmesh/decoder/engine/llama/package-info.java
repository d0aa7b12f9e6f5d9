/**
 * The Llama text model of HCX-Vision as plain facts shared by every engine: checkpoint tensor names
 * ({@link dev.hcxmesh.decoder.engine.llama.LlamaWeightNames}), validated dimensions ({@link
 * dev.hcxmesh.decoder.engine.llama.LlamaShape}), rotary embeddings with HF rope_scaling ({@link
 * dev.hcxmesh.decoder.engine.llama.Rope}) and visual-row splicing by position ({@link
 * dev.hcxmesh.decoder.engine.llama.SpliceMap}). Forward (HCX-MODEL-SPEC §7): h = E[ids] with visual
 * rows spliced in unscaled; per layer RMSNorm → q,k,v → RoPE → causal GQA → o_proj residual →
 * RMSNorm → SwiGLU residual; final RMSNorm; head (E when tied).
 */
package dev.hcxmesh.decoder.engine.llama;
