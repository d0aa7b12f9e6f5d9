/**
 * Model references to local directories: {@link dev.hcxmesh.model.hub.ModelResolver} accepts a
 * directory or a Hugging Face id {@code org/name[@revision]}, reads the standard hub cache ({@link
 * dev.hcxmesh.model.hub.HfCache}) and, only when {@code HCX_ALLOW_DOWNLOAD=1}, fills it with the
 * resumable {@link dev.hcxmesh.model.hub.HfDownloader}.
 */
package dev.hcxmesh.model.hub;
