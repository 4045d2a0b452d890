/**
 * The vfs driver: no union filesystem, each snapshot is a full copy of its parent's tree. Slow and disk-hungry,
 * but works on any filesystem and needs no kernel support beyond bind mounts.
 *
 * <p>Owns: the vfs snapshot layout and tree copying. May use: {@code storage}, {@code sys}, {@code errors}.
 */
package dev.berth.storage.vfs;
