/**
 * Thin Linux system calls through the JDK's foreign function API: what java.nio cannot do (device nodes,
 * xattrs in every namespace, timestamps on symlinks, mounts); and SHA-256 from the system's OpenSSL libcrypto,
 * offered to the process as a JCA provider ({@code NativeSha256}); inotify ({@code Inotify}) and the process's one
 * thread that reads it for whoever waits on files ({@code DirectoryWatcher}).
 *
 * <p>Owns: libc and libcrypto downcalls, errno, and the small file helpers every store shares (atomic replacement,
 * tree deletion). May use: the JDK only.
 */
package dev.berth.sys;
