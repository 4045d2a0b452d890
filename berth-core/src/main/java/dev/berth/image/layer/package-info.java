/**
 * Layer apply and diff: turning an OCI layer tar (plain, gzip or zstd) into files under a snapshot directory,
 * and turning the changes between two trees (or an overlayfs upperdir) back into a layer tar with OCI
 * whiteouts. See the OCI image spec, "Image Layer Filesystem Changeset" (layer.md).
 *
 * <p>Safety contract: {@link dev.berth.image.layer.LayerApplier} never creates, changes or removes anything
 * outside the directory it is given. Entry names and symlinks are resolved as if that directory were the
 * filesystem root (like a chroot, or Go's securejoin). On failure it leaves a partly written directory
 * behind; the caller, normally a snapshotter's prepare, removes the whole active snapshot.
 *
 * <p>Reading uses the package's own lean {@code TarReader} (fast, byte-exact PAX values); writing uses
 * commons-compress. Compression is detected by magic bytes (gzip through the JDK, zstd through zstd-jni).
 *
 * <p>The hot path of apply reads the layer into pooled native chunks ({@code TarChunks}: straight from the
 * blob file's channel when it is uncompressed), writes file contents from them through libc via FFM
 * ({@code NativeFiles}: openat, write, fchown, futimens, mkdirat, symlinkat, statx …) and hashes the same
 * chunks on a second thread with OpenSSL's libcrypto when it is installed ({@code Sha256}, the JDK's digest
 * otherwise): no copy of the content in user space.
 *
 * <p>Owns: tar extraction, whiteout handling, tree diffing. May use: {@code oci} (Digest), {@code storage}
 * (Mount), {@code sys} (Libc, and NativeCalls, through which it links its libc / libcrypto calls), {@code errors},
 * commons-compress, zstd-jni.
 */
package dev.berth.image.layer;
