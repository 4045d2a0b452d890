/**
 * Persistent network namespaces: made with {@code unshare(CLONE_NEWNET)} on a platform thread and bind-mounted
 * to a file (as {@code ip netns add} does, in a directory of the daemon's own), with {@code lo} set up by an
 * ioctl on a socket opened inside; entered with {@code setns} on a one-shot platform thread to bind sockets
 * inside (the embedded DNS, the ambassador's listeners); removed by a detached unmount and unlink.
 *
 * <p>Owns: {@link dev.berth.network.netns.NetNs}. May use: {@code sys} (FFM), {@code errors} and the JDK.
 */
package dev.berth.network.netns;
