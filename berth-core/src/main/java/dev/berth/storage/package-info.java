/**
 * Storage drivers, after containerd's snapshotters: a {@link dev.berth.storage.Snapshotter} prepares, views
 * and commits snapshots and returns their mounts as data; {@link dev.berth.storage.Mounter} performs them.
 * Drivers live in sub-packages ({@code overlay}, {@code vfs}) and all pass one conformance suite.
 *
 * <p>Vocabulary: an active snapshot has a <em>key</em>; a committed one has a <em>name</em>; a snapshot's
 * parent is always a committed snapshot's name.
 *
 * <p>{@link dev.berth.storage.DirectorySnapshotter} holds what the drivers share: the metadata index (one JSON file
 * replaced atomically), numbered snapshot directories, the root lock, the in-use checks against the mount table.
 *
 * <p>Owns: snapshot directories and their metadata under the driver's root. May use: {@code sys}, {@code errors},
 * Jackson (the index file), slf4j.
 */
package dev.berth.storage;
