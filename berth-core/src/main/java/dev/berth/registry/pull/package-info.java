/**
 * Pulling an image: resolve a reference (tag or digest) to a manifest, pick one platform from an index or
 * manifest list, then download the config and the layers in parallel on virtual threads into the content
 * store, where each blob is verified against its digest as it is committed. Blobs already present are
 * skipped, so a pull interrupted at any point resumes with what is missing. The manifest is committed last,
 * so the store never holds a manifest whose blobs are missing; registering the image is the engine's job.
 *
 * <p>May use: {@code registry}, {@code registry.auth}, {@code image.content}, {@code oci}, {@code errors}.
 */
package dev.berth.registry.pull;
