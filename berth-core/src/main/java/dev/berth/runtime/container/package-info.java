/**
 * The container model: identity ({@link dev.berth.runtime.container.ContainerId}, names), the immutable
 * {@link dev.berth.runtime.container.ContainerConfig} in themed records, the merge of an image's defaults
 * into a create request ({@link dev.berth.runtime.container.ImageConfigMerger}), signals, restart policies and
 * the pure restart decision, and the persisted {@link dev.berth.runtime.container.ContainerStore}.
 *
 * <p>Owns: container identity, configuration, persistence. May use: {@code runtime.state}, {@code oci},
 * {@code errors}, and {@code runtime.specgen}'s value records (the one {@code Ulimit}), {@code network}'s model values ({@code PortMapping}, {@code Subnet}), never the other way. Never {@code engine}, {@code image}, {@code storage}: the engine wires those to containers.
 */
package dev.berth.runtime.container;
