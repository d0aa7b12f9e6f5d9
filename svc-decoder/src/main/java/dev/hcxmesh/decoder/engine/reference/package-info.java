/** Scalar, full-recompute reference implementations used as test oracles; never for serving. */
package dev.hcxmesh.decoder.engine.reference;
