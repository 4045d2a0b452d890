/**
 * The container engine: {@link dev.berth.engine.container.LocalContainerService} runs containers with
 * Docker's semantics on top of the runtime groundwork. It resolves the image and merges its config, keeps
 * each container's writable snapshot, mounts it, writes the OCI bundle, has conmon create the container and
 * runc start it, watches conmon's exit files, applies restart policies and auto-removal, and re-attaches to
 * containers that outlived a previous daemon (live restore).
 *
 * <p>Owns: the lifecycle orchestration, the per-container runtime layout under the exec root, list filters,
 * attachments and waiters. May use: engine (its service interfaces and event bus), engine.image (chain IDs),
 * runtime.*, storage, errors, oci. Must not use front ends (api, cli).
 */
package dev.berth.engine.container;
