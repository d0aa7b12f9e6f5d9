/**
 * OCR and "lens" enrichment for HCX-Vision prompts (plain Java, no Quarkus): {@link
 * dev.hcxmesh.ocrlens.Enricher} turns an image into the {@code ocr}, {@code lens_keywords} and {@code
 * lens_local_keywords} strings of the image/aux block (HCX-MODEL-SPEC §6.2).
 */
package dev.hcxmesh.ocrlens;
