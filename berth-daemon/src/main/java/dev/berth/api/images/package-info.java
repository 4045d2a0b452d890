/**
 * The {@code /images} endpoints: list, inspect, history, tag, remove, save, load, import, pull and prune, mapped
 * onto the engine's ImageService, with the spec's ImageSummary, ImageInspect and friends as records; and
 * {@code POST /auth} (docker login). Pull progress is Docker's JSON messages ({@link dev.berth.api.images.PullProgress}).
 *
 * <p>May use: {@code dev.berth.api}, {@code dev.berth.engine}, {@code dev.berth.oci}, {@code dev.berth.errors}, and
 * from {@code dev.berth.registry} only the values the engine's pull and login take or give (progress events,
 * credentials, authentication errors).
 */
package dev.berth.api.images;
