/**
 * From a container's effective configuration to a runnable OCI bundle: {@link
 * dev.berth.runtime.bundle.ContainerSpecs} translates a merged {@link dev.berth.runtime.container.ContainerConfig}
 * into spec generation's {@link dev.berth.runtime.specgen.ContainerOptions} and on into a {@link
 * dev.berth.runtime.spec.Spec}; {@link dev.berth.runtime.bundle.EtcFiles} writes the per-container
 * /etc/hosts, /etc/hostname and /etc/resolv.conf ({@link dev.berth.runtime.bundle.ResolvConf} filters the
 * host's) that the spec binds in; {@link dev.berth.runtime.bundle.BundleWriter} writes config.json and makes
 * the working directory as Docker does.
 *
 * <p>Owns: the translation and the bundle on disk. May use: runtime.container, runtime.specgen, runtime.spec,
 * oci (the JSON codec), errors, sys ({@code AtomicWrite}, lazily: the start path avoids fsync). Must not use runc
 * (the engine hands the bundle to it), engine, image or storage; nothing in the lower runtime packages may use this
 * one.
 */
package dev.berth.runtime.bundle;
