/**
 * The image store: images by ID and tags (normalised references) in one JSON file,
 * {@code <dataRoot>/images/images.json}, replaced atomically on every change.
 *
 * <p>Owns: the {@code images/} directory. May use: {@code oci}, {@code errors}.
 */
package dev.berth.image.store;
