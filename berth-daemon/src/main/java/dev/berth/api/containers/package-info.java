/**
 * The {@code /containers} routes and {@code /commit}: Docker-shaped wire records (create body, inspect, ps
 * summary, stats, top, wait), the translator from the create body to the engine's
 * {@link dev.berth.runtime.container.ContainerConfig}, and the stdio streams (attach, logs) in Docker's
 * framing, shared with {@code dev.berth.api.exec}.
 *
 * <p>Owns: the container part of the wire protocol. May use: {@code dev.berth.api}, {@code dev.berth.engine},
 * {@code dev.berth.runtime.container} and {@code .monitor} value records, {@code dev.berth.errors},
 * {@code dev.berth.oci}. Never the storage or image internals.
 */
package dev.berth.api.containers;
