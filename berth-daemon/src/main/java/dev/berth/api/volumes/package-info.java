/**
 * The {@code /volumes} endpoints: list, create, inspect, remove and prune, mapped onto the engine's
 * VolumeService, with the spec's Volume object and the create body as records.
 *
 * <p>May use: {@code dev.berth.api}, {@code dev.berth.engine}, {@code dev.berth.oci}, {@code dev.berth.errors}.
 */
package dev.berth.api.volumes;
