/**
 * {@code berth image bootstrap}: base images made on the client from Debian packages, then imported
 * through the API. {@link dev.berth.cli.bootstrap.RootfsTar} writes deterministic tars,
 * {@link dev.berth.cli.bootstrap.BusyboxRootfs} lays out a busybox root filesystem,
 * {@link dev.berth.cli.bootstrap.DebianRootfs} runs debootstrap and caches its result.
 *
 * <p>May use: {@code dev.berth.cli}, {@code dev.berth.client}, {@code dev.berth.sys} (to unmount what a
 * failed debootstrap left mounted), commons-compress.
 */
package dev.berth.cli.bootstrap;
