/**
 * HCX image preprocessing, byte-exact against the Python reference (Pillow 9.4 golden-tested):
 * {@link dev.hcxmesh.model.image.ImageDecoder} (bytes → {@link dev.hcxmesh.model.image.RgbImage},
 * limits first), {@link dev.hcxmesh.model.image.AnyResTiler} (global view + AnyRes tiles, uint8),
 * {@link dev.hcxmesh.model.image.PillowResampler} (Pillow's resize) and {@link
 * dev.hcxmesh.model.image.Normalizer} (uint8 tile → CHW float32 for the encoder).
 */
package dev.hcxmesh.model.image;
