/**
 * Images on disk: the content store ({@code content}), the image store of names and IDs ({@code store}),
 * layer apply and diff ({@code layer}) and the save/load/import archives ({@code archive}).
 *
 * <p>May use: {@code oci}, {@code storage}, {@code sys}, {@code errors}. Never the engine or front ends.
 */
package dev.berth.image;
