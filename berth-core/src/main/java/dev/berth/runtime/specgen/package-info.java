/**
 * Turns a container's user options into an OCI runtime {@link dev.berth.runtime.spec.Spec}, in three
 * stages as podman's specgen does: options grouped in themed records ({@link ProcessOptions},
 * {@link SecurityOptions}, {@link ResourceOptions}, {@link StorageOptions}, gathered in
 * {@link ContainerOptions}); validation against this host ({@link OptionsValidator}, {@link HostFacts}); and
 * conversion: Docker's defaults ({@link DefaultSpec}) changed by small {@link SpecOption}s
 * ({@link SpecOptions}). {@link SpecGenerator} runs the three. {@link UserLookup} resolves a Docker user
 * string against the container's own /etc/passwd and /etc/group.
 *
 * <p>Owns: option records, validation, defaults (capabilities, masked paths, devices, seccomp). May use:
 * runtime.spec, errors. Must not use engine, image, storage or runc.
 */
package dev.berth.runtime.specgen;
