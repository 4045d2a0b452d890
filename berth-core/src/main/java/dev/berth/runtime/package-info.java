/**
 * Containers at the bottom: the OCI runtime configuration ({@code spec}), its generation from user options
 * ({@code specgen}) and the driver of the {@code runc} binary ({@code runc}). The container state machine and
 * store live beside them in {@code state} and {@code container}.
 *
 * <p>May use: oci (the JSON codec), errors, sys. Must not use engine, image or storage: the engine wires a
 * snapshot's mounts to a bundle, not the runtime.
 */
package dev.berth.runtime;
