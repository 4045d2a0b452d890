/**
 * The local volume driver behind {@link dev.berth.engine.VolumeService}: named and anonymous volumes under
 * {@code <data-root>/volumes/<name>/_data}, each with a small JSON record beside its data, Docker's name rule,
 * list and prune filters, the local driver's {@code type}/{@code device}/{@code o} options (mounted on a
 * container's first use, unmounted after its last), and the copy-up that seeds a new volume from an image.
 * {@link dev.berth.engine.volume.LocalVolumeService} is the façade; each job sits in its own small class.
 *
 * <p>May use: {@code dev.berth.engine} (the interfaces and records), {@code engine.events}, {@code errors},
 * {@code sys}, {@code oci} (the JSON codec). Must not use the container runtime or the front ends: which
 * containers use a volume comes in as a function.
 */
package dev.berth.engine.volume;
