/**
 * Thin Linux system calls through the JDK's foreign function API: what java.nio cannot do (device nodes,
 * xattrs in every namespace, timestamps on symlinks, mounts); and SHA-256 from the system's OpenSSL libcrypto,
 * offered to the process as a JCA provider ({@code NativeSha256}); inotify ({@code Inotify}) and the process's one
 * thread that reads it for whoever waits on files ({@code DirectoryWatcher}).
 *
 * <p>Every native call in Berth is linked through {@code NativeCalls}: the linker, libc's and other libraries'
 * lookups, handles with or without errno capture, the errno segment and its reading, and the check that turns a
 * failed call into a {@code Libc.ErrnoException}. Its javadoc shows how to add a call. Other packages
 * ({@code image.layer}, {@code proxy}) link their hot-path calls through it too, keeping the handles in their own
 * {@code static final} fields: this package is the bottom layer, so any package may use it.
 *
 * <p>Owns: libc and libcrypto downcalls, errno, and the small file helpers every store shares (atomic replacement,
 * tree deletion). May use: the JDK only.
 */
package dev.berth.sys;
