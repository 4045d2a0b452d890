/**
 * The local implementation of {@link dev.berth.engine.ImageService}: name resolution, import with
 * {@code --change}, unpacking layers into snapshots named by chain ID, Docker's rmi and prune semantics, and
 * garbage collection of blobs and snapshots. {@link dev.berth.engine.image.LocalImageService} is the façade;
 * each job sits in its own small class.
 *
 * <p>Layer application and archive formats come in through two seams, {@link
 * dev.berth.engine.image.LayerUnpacker} and {@link dev.berth.engine.image.ImageArchive}, which the engine
 * wires to the {@code image.layer} and {@code image.archive} packages.
 *
 * <p>May use: {@code image.*}, {@code storage}, {@code oci}, {@code errors}, {@code engine.events}, {@code registry.*}
 * (pull: {@link dev.berth.engine.image.Puller}; the warm-up of a pull's code: {@link
 * dev.berth.engine.image.PullWarmup} with its stub registry on loopback, which {@link
 * dev.berth.engine.image.WarmupImageServer} also serves to berthd's training run; {@link
 * dev.berth.engine.image.OneFileTar}, the tar of one file that both made-up images are built of).
 */
package dev.berth.engine.image;
