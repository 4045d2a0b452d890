/**
 * The content store: blobs addressed by their sha256 digest under {@code <dataRoot>/content/blobs/sha256/},
 * written through {@code <dataRoot>/content/ingest/} and made visible only once fsynced and verified.
 *
 * <p>Owns: the {@code content/} directory. May use: {@code oci}, {@code errors}.
 */
package dev.berth.image.content;
