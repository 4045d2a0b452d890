/**
 * berthd's boot sequence (issue 7's dom0): before the API opens, the host settings kept under the data root (the
 * host name, as boot2docker keeps {@code /var/lib/boot2docker/etc/hostname}) and the {@code bootsync.sh} hook;
 * after it opens, in the background, the {@code bootlocal.sh} hook and the dom0 converge of
 * {@code dev.berth.engine.dom0}. Every step goes to the boot log that {@code berth dom0 status} shows; no step's
 * failure keeps berthd from serving.
 *
 * <p>May use: {@code dev.berth.engine} and {@code dev.berth.engine.dom0}, {@code dev.berth.sys} (sethostname),
 * {@code dev.berth.errors}.
 */
package dev.berth.daemon.boot;
