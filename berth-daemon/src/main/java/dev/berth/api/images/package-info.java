/**
 * The {@code /images} endpoints: list, inspect, history, tag, remove, save, load, import and prune, mapped
 * onto the engine's ImageService, with the spec's ImageSummary, ImageInspect and friends as records.
 *
 * <p>May use: {@code dev.berth.api}, {@code dev.berth.engine}, {@code dev.berth.oci}, {@code dev.berth.errors}.
 */
package dev.berth.api.images;
