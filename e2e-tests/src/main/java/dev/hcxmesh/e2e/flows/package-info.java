/**
 * Example flows built on the mesh's public contracts only (gRPC API and Kafka topics): media
 * moderation ({@link dev.hcxmesh.e2e.flows.ModerationFlow}, docs/flows/MODERATION.md) and live clip
 * tagging ({@link dev.hcxmesh.e2e.flows.LiveTaggingFlow}, docs/flows/LIVE-TAGGING.md).
 */
package dev.hcxmesh.e2e.flows;
