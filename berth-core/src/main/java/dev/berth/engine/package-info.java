/**
 * The application services ({@link dev.berth.engine.ImageService}, later containers, networks, …) and the
 * event bus: the only door that the front ends (api, cli-side helpers, web, stacks) use.
 *
 * <p>May use: every core package. Must not use front ends.
 */
package dev.berth.engine;
