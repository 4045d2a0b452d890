/**
 * Image archives: {@code docker save} / {@code docker load} tars and OCI image layouts.
 *
 * <p>{@link dev.berth.image.archive.ImageSaver} writes the tar Docker Engine 25+ writes: an OCI image layout
 * ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/…}) plus Docker's {@code manifest.json} and
 * {@code repositories}. {@link dev.berth.image.archive.ImageLoader} reads that format, plain OCI archives
 * (with nested indexes) and the legacy docker-archive that skopeo writes. {@link
 * dev.berth.image.archive.OciLayout} reads and writes layout directories.
 *
 * <p>Owns: archive formats only. Blobs go in and out through {@link dev.berth.image.content.ContentStore};
 * registering loaded images (tags, image store) is the caller's job, so a failed load never leaves a
 * half-registered image.
 *
 * <p>May use: {@code oci}, {@code errors}, {@code image.content}, commons-compress. Never the engine.
 */
package dev.berth.image.archive;
