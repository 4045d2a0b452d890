/**
 * The overlay driver: each snapshot directory holds an upper layer ({@code fs}) and overlayfs's {@code work}
 * directory; a snapshot is mounted as an overlay of its own {@code fs} over its committed parents' {@code fs}
 * directories. A layer is stored once, however many images and containers stack on it.
 *
 * <p>Owns: the overlay snapshot layout and mount shapes. May use: {@code storage}, {@code errors}.
 */
package dev.berth.storage.overlay;
