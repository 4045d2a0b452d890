/**
 * The builder: {@link dev.berth.engine.BuildService} as Docker's classic builder, one step per instruction.
 * RUN runs in a container through the {@link dev.berth.engine.ContainerService}; COPY and ADD put files in
 * with the container's archive endpoint; each step's result is committed as an image through the
 * {@link dev.berth.engine.ImageService}; a persistent cache maps each step's key to the image it made.
 *
 * <p>Uses {@code dev.berth.build.*} (Dockerfile, context), the engine's service interfaces, {@code oci} and
 * {@code errors}; never runc, snapshots or the stores directly.
 */
package dev.berth.engine.build;
