/**
 * The container filesystem as {@code docker cp} sees it through the archive endpoints: facts about a path
 * (HEAD), a tar of a path (GET) and extraction of a tar into a directory (PUT), each path resolved as the
 * container would resolve it: symlinks followed inside the rootfs, {@code ..} stopping at its root, so
 * nothing is ever read or written outside it.
 *
 * <p>Owns: container path resolution for copies, tar writing and safe tar extraction for them. May use:
 * runtime.specgen (RootfsPath, UserLookup), sys (Libc), errors, commons-compress, zstd-jni. Must not use
 * image.layer (the runtime sits below images): its safety rules are restated here, without whiteouts.
 */
package dev.berth.runtime.fs;
