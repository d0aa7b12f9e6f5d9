/**
 * OCR on video frames: text-band detection by projection profiles, Otsu/Sauvola binarisation, and a dHash
 * cache that skips OCR for bands already read in earlier frames.
 */
package dev.hcxmesh.ocrlens.video;
