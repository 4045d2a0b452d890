/**
 * Persistent network namespaces: made with {@code unshare(CLONE_NEWNET)} on a platform thread and bind-mounted
 * to a file (as {@code ip netns add} does, in a directory of the daemon's own), entered with {@code setns} to
 * bind sockets inside (the embedded DNS, the ambassador's listeners), removed by unmount and unlink. Uses
 * {@code sys} (FFM) only.
 */
package dev.berth.network.netns;
