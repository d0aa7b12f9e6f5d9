/**
 * Entity keywords ("lens"): {@link dev.hcxmesh.ocrlens.lens.LensProvider} implementations (QR/barcodes,
 * entities in OCR text, a remote gRPC visual-search service) and {@link dev.hcxmesh.ocrlens.lens.LensFormatter},
 * which renders the two HCX prompt strings.
 */
package dev.hcxmesh.ocrlens.lens;
